import Foundation

/// Text made safe for HTML, and the page's shared look: one self-contained document, no
/// network, styles inline.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func number(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

    /// mm:ss for a time in seconds.
    static func clock(_ seconds: Double) -> String {
        let s = Int(max(0, seconds).rounded(.down))
        return String(format: "%02d:%02d", s / 60, s % 60)
    }

    /// A whole page around `body`.
    static func page(title: String, body: String, script: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; padding: 0 16px; }
        h1 { font-size: 26px; margin-bottom: 4px; } h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #ddd; }
        .meta { color: #555; } .provisional { color: #8a5a00; }
        .score { font-size: 56px; font-weight: bold; } .score small { font-size: 20px; color: #666; }
        table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; font-size: 14px; }
        th { background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr:target { background: #ffe08a; } .bad { color: #b00020; } .good { color: #1b7a2e; }
        .chips span { display: inline-block; padding: 2px 8px; margin: 2px; border-radius: 10px; color: #fff; font-size: 13px; }
        .advice { color: #1b4f72; font-style: italic; }
        svg { display: block; margin: 8px 0; } svg text { font-size: 11px; fill: #444; }
        ol li { margin-bottom: 8px; }
        </style></head>
        <body>
        \(body)
        <script>
        \(script)
        </script>
        </body></html>
        """
    }
}
