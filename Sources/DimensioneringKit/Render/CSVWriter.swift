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
                case .number(let s): return escape(danish && s.utf8.contains(UInt8(ascii: ".")) ? s.replacingOccurrences(of: ".", with: ",") : s)
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
        // Byte test (the separator, quote, LF and CR are ASCII): no Foundation string search per cell.
        let sep = danish ? UInt8(ascii: ";") : UInt8(ascii: ",")
        if s.utf8.contains(where: { $0 == sep || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
