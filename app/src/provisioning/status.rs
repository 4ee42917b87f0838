//! Where an order's provisioning task stands.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    /// Paid; no instance asked for yet (or asked again after staff's retry).
    Queued,
    Creating,
    /// The provider has the instance; waiting for it to run.
    Waiting,
    Done,
    /// Given up; staff can retry.
    Failed,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 5] = [
        TaskStatus::Queued,
        TaskStatus::Creating,
        TaskStatus::Waiting,
        TaskStatus::Done,
        TaskStatus::Failed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::Queued => "queued",
            TaskStatus::Creating => "creating",
            TaskStatus::Waiting => "waiting",
            TaskStatus::Done => "done",
            TaskStatus::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|status| status.code() == code)
    }

    /// The task will change no more by itself.
    pub fn is_final(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Failed)
    }
}

#[cfg(feature = "ssr")]
crate::stored_as_text!(TaskStatus);
