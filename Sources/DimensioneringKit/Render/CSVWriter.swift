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

    /// The rows are taken one at a time (a lazy sequence keeps a million-row table from existing
    /// twice in memory) and written straight into the output.
    public func render<Rows: Sequence>(header: [String], rows: Rows) -> String where Rows.Element == [Cell] {
        var out = danish ? "\u{FEFF}" : ""
        out.reserveCapacity(40 * rows.underestimatedCount + 256)
        let sep = separator
        for (i, h) in header.enumerated() {
            if i > 0 { out += sep }
            out += escape(neutralise(h))
        }
        out += "\r\n"
        for row in rows {
            for (i, cell) in row.enumerated() {
                if i > 0 { out += sep }
                switch cell {
                case .text(let s): out += escape(neutralise(s))
                case .number(let s): out += escape(danish && s.utf8.contains(UInt8(ascii: ".")) ? decimalComma(s) : s)
                }
            }
            out += "\r\n"
        }
        return out
    }

    /// `12.5` → `12,5` (numbers are ASCII: a byte swap, no Foundation search).
    func decimalComma(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: ",") : $0 }, as: UTF8.self)
    }

    func neutralise(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        return "=+-@\t\r".unicodeScalars.contains(first) ? "'" + s : s
    }

    func escape(_ s: String) -> String {
        // Byte test (the separator, quote, LF and CR are ASCII): no Foundation string search per cell.
        let sep = danish ? UInt8(ascii: ";") : UInt8(ascii: ",")
        if s.utf8.contains(where: { $0 == sep || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
