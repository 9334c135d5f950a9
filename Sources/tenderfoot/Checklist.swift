import Foundation
import TenderfootRules

/// The article's contraindications, shown before a session so the trainee learns them with
/// the technique. On a terminal it waits for Enter; otherwise (a script, a pipe) it goes on.
/// (`--json` puts the list in its `session_start` line instead.)
struct Checklist {
    var rules: RuleBook

    func show() {
        let items = rules.contraindications.checklist
        guard !items.isEmpty else { return }
        print("Before you start: no massage today if the baby has any of these (the article's contraindications).")
        for item in items { print("  [ ] \(item)") }
        print("When in doubt, ask the baby's doctor. Tenderfoot trains technique on a doll; it gives no medical advice.")
        guard isatty(STDIN_FILENO) == 1 else { print(""); return }
        print("Press Enter to start (--skip-checklist skips this).", terminator: "")
        fflush(nil)
        _ = readLine()
    }
}
