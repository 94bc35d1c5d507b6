import Foundation

/// Escaping of untrusted text for tables and lists (MarkdownText in Explanation.swift escapes more,
/// for prose). Escaping of untrusted text (ids, names, titles from input files) for Markdown output, so that
/// it shows as written and never becomes HTML, a link or a broken table: `|`, `<`, `>`, `&`,
/// `` ` `` and `\` get a backslash (CommonMark renders `\<` as `<`), as does a `(` right after `]`
/// (so `[text](url)` is no link; a lone `[note]` stays as written), and line breaks become spaces.
public enum MarkdownSafe {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        var previous: Character = " "
        for ch in s {
            defer { previous = ch }
            switch ch {
            case "\\", "|", "<", ">", "&", "`": out.append("\\"); out.append(ch)
            case "(" where previous == "]": out.append("\\"); out.append(ch)
            case "\n", "\r", "\r\n": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }
}
