//! What a status badge tells at a glance. Badges, tags and table links are component classes
//! in style/main.css (`.badge`, `.tag`, `.link`) rather than utility lists: a table repeats
//! them on every row, and the dashboard's first page was mostly class attributes
//! (docs/BENCHMARKS.md "HTTP routes").

/// A status badge's meaning; its colours are in style/main.css.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Running, active.
    Good,
    /// Under way: paid, provisioning, between two states.
    Busy,
    /// Waits for the customer or staff: unpaid, suspended.
    Attention,
    /// Off, finished, cancelled.
    Quiet,
}

impl Tone {
    /// The classes of a badge of this tone.
    pub fn badge_class(self) -> &'static str {
        match self {
            Tone::Good => "badge badge-good",
            Tone::Busy => "badge badge-busy",
            Tone::Attention => "badge badge-attention",
            Tone::Quiet => "badge badge-quiet",
        }
    }
}
