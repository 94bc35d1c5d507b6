/// `key=value, key=value` as a list of `--set` assignments: split at the commas that separate
/// assignments, not at those inside a value's inline table, array or quoted string, so
/// `education.x.phase_in={ "2023/24" = 33, "2025/26" = 66 }, method=dhondt` is two assignments.
/// A quote opens a string only where a TOML string can start (a value's first character, or inside
/// brackets), so a bare value like `title=D'Hondt` keeps its apostrophe.
public enum AssignmentList {
    public enum SplitError: Error, Equatable, CustomStringConvertible {
        case unbalanced(String)
        public var description: String {
            switch self {
            case .unbalanced(let text): return "unbalanced brackets or quotes in '\(text)'"
            }
        }
    }

    public static func split(_ text: Substring) throws -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character? = nil
        var escaped = false
        var valueStart = false  // just after `=` at the top level (blanks skipped)
        for ch in text {
            if let q = quote {
                current.append(ch)
                if escaped { escaped = false } else if ch == "\\" && q == "\"" { escaped = true } else if ch == q { quote = nil }
                continue
            }
            let startsValue = valueStart
            if ch != " " && ch != "\t" { valueStart = false }
            switch ch {
            case "=" where depth == 0: valueStart = true
            case "\"" where depth > 0 || startsValue, "'" where depth > 0 || startsValue: quote = ch
            case "{", "[": depth += 1
            case "}", "]":
                depth -= 1
                if depth < 0 { throw SplitError.unbalanced(String(text)) }
            case "," where depth == 0:
                parts.append(current.trimmingBlanks())
                current = ""
                continue
            default: break
            }
            current.append(ch)
        }
        if depth != 0 || quote != nil { throw SplitError.unbalanced(String(text)) }
        parts.append(current.trimmingBlanks())
        return parts.filter { !$0.isEmpty }
    }
}
