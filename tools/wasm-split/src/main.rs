//! `wasm-split-site INPUT.wasm PKG_DIR OUTPUT_NAME MAIN_OUT.wasm`
//!
//! The step cargo-leptos runs for `--split`, for our own build script (we build without
//! cargo-leptos, see docs/ARCHITECTURE.md): cuts the raw browser bundle at its `#[lazy]`
//! functions (Leptos lazy routes) into chunks written to PKG_DIR, writes the main module to
//! MAIN_OUT.wasm for wasm-bindgen, and writes `__wasm_split_manifest.json` (which chunks each
//! lazy function needs) that Leptos reads to preload a page's chunks.

use std::path::Path;
use std::process::ExitCode;

/// The loader module name Leptos expects (it rewrites the underscores when files are hashed).
const LINK_NAME: &str = "./__wasm_split.______________________.js";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, pkg_dir, output_name, main_out] = args.as_slice() else {
        eprintln!("usage: wasm-split-site INPUT.wasm PKG_DIR OUTPUT_NAME MAIN_OUT.wasm");
        return ExitCode::from(2);
    };
    match split(
        Path::new(input),
        Path::new(pkg_dir),
        output_name,
        Path::new(main_out),
    ) {
        Ok(chunks) => {
            for chunk in chunks {
                println!("{chunk}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("wasm-split-site: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Splits `input`; returns the chunk files written.
fn split(input: &Path, pkg_dir: &Path, output_name: &str, main_out: &Path) -> Result<Vec<String>, String> {
    let wasm = std::fs::read(input).map_err(|e| format!("reading {}: {e}", input.display()))?;
    let main_module = format!("./{output_name}.js");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&wasm);
        options.output_dir = pkg_dir;
        options.main_out_path = main_out;
        options.main_module = &main_module;
        options.link_name = LINK_NAME;
        options
    })
    .map_err(|e| format!("splitting {}: {e:#}", input.display()))?;
    let manifest = serde_json::to_string_pretty(&split.prefetch_map).map_err(|e| e.to_string())?;
    let manifest_path = pkg_dir.join("__wasm_split_manifest.json");
    std::fs::write(&manifest_path, manifest)
        .map_err(|e| format!("writing {}: {e}", manifest_path.display()))?;
    Ok(split
        .split_modules
        .iter()
        .map(|path| path.display().to_string())
        .collect())
}
