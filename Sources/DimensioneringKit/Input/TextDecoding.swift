import Foundation

/// Turns the bytes of an input file into text.
///
/// Planners' files come from Excel, StatBank and hand editing, so the decoder accepts:
/// a UTF-8 byte-order mark (stripped), UTF-16 with a byte-order mark, plain UTF-8, and, when
/// the bytes are not valid UTF-8, Windows-1252 (a superset of Latin-1 for printable text), which
/// is what StatBank and Danish Excel produce: `K\u{F8}ge` saved as Latin-1 is the byte 0xF8.
public enum TextDecoding {
    public enum Encoding: String, Sendable, Equatable {
        case utf8, utf16, windows1252
    }

    /// Decodes `data`, returning the text (without a byte-order mark) and the encoding detected.
    public static func decode(_ data: Data) -> (text: String, encoding: Encoding) {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let rest = bytes.dropFirst(3)
            if let s = String(validating: rest, as: UTF8.self) { return (s, .utf8) }
            return (windows1252(rest), .windows1252)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                let u = littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
                                     : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
                units.append(u)
                i += 2
            }
            return (String(decoding: units, as: UTF16.self), .utf16)
        }
        if let s = String(validating: bytes, as: UTF8.self) { return (s, .utf8) }
        return (windows1252(bytes[...]), .windows1252)
    }

    /// Windows-1252 → Unicode. Bytes 0x00-0x7F and 0xA0-0xFF map to the same code points
    /// (Latin-1); 0x80-0x9F are the Windows punctuation block (€, ‚, “, ”, –, …).
    static func windows1252<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            if b >= 0x80 && b <= 0x9F, let s = Unicode.Scalar(cp1252High[Int(b - 0x80)]) {
                scalars.append(s)
            } else {
                scalars.append(Unicode.Scalar(b))
            }
        }
        return String(scalars)
    }

    /// 0x80…0x9F; undefined positions map to the C1 control with the same value.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Reads a file, mapping a read failure to `.missingInput` naming the path.
    public static func readFile(_ path: String) throws -> Data {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw DimensioneringError.missingInput(path: path, reason: "no such file")
        }
        if isDir.boolValue {
            throw DimensioneringError.missingInput(path: path, reason: "is a directory, expected a file")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DimensioneringError.missingInput(path: path, reason: "cannot be read (\(error.localizedDescription))")
        }
    }
}
