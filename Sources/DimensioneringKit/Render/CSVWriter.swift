import Foundation

/// Writes CSV for Excel. `danish` gives what Danish Excel expects: `;` separator, decimal comma
/// and a UTF-8 byte-order mark. Cells that start with `=`, `+`, `-` or `@` are prefixed with `'`
/// so a spreadsheet shows them as text instead of running them as formulas; plain numbers
/// (written through `number`) are left alone.
public struct CSVWriter {
    public enum Cell {
        case text(String)
        case number(String)  // dot-decimal text, e.g. "0.1234" or "-3"
    }

    public var danish: Bool
    public init(danish: Bool = false) { self.danish = danish }

    public var separator: String { danish ? ";" : "," }

    public func render(header: [String], rows: [[Cell]]) -> String {
        var out = danish ? "\u{FEFF}" : ""
        out += header.map { escape(neutralise($0)) }.joined(separator: separator) + "\r\n"
        for row in rows {
            out += row.map { cell -> String in
                switch cell {
                case .text(let s): return escape(neutralise(s))
                case .number(let s): return escape(danish ? s.replacingOccurrences(of: ".", with: ",") : s)
                }
            }.joined(separator: separator) + "\r\n"
        }
        return out
    }

    func neutralise(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        return "=+-@\t\r".unicodeScalars.contains(first) ? "'" + s : s
    }

    func escape(_ s: String) -> String {
        if s.contains(separator) || s.contains("\"") || s.contains("\n") || s.contains("\r") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}

/// Plain-text table with right-aligned numbers, for terminals.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]]
    public var rightAligned: Set<Int>

    public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    public func render() -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for r in all { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}
