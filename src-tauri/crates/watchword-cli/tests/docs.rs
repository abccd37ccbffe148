//! The man pages and completions packages ship come from the grammar: one page
//! per command and subcommand, and completion scripts each shell accepts.

use std::process::Command;

#[test]
fn generate_docs_writes_a_page_per_subcommand_and_loadable_completions() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_watchword"))
        .args(["generate-docs", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let man = out.path().join("man1");
    for page in [
        "watchword.1",
        "watchword-add.1",
        "watchword-import.1",
        "watchword-vault.1",
        "watchword-vault-init.1",
        "watchword-pin-send.1",
    ] {
        let text =
            std::fs::read_to_string(man.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(
            text.starts_with(".ie") || text.contains(".TH"),
            "{page}: not a man page"
        );
    }
    assert!(
        !man.join("watchword-generate-docs.1").exists(),
        "the hidden command has no page"
    );
    let add = std::fs::read_to_string(man.join("watchword-add.1")).unwrap();
    assert!(add.contains("otpauth"), "the page says what add takes");

    let completions = out.path().join("completions");
    let bash = completions.join("watchword.bash");
    let checked = Command::new("bash").arg("-n").arg(&bash).status().unwrap();
    assert!(checked.success(), "bash accepts {}", bash.display());
    let loaded = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p watchword",
            bash.display()
        ))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&loaded.stdout).contains("watchword"),
        "the bash completion registers for watchword"
    );
    assert!(completions.join("_watchword").exists());
    assert!(completions.join("watchword.fish").exists());
}
