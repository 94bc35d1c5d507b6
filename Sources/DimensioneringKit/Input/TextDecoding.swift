import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    /// The human name of an encoding, for notes and messages.
    public static func describe(_ e: Encoding) -> String {
        switch e {
        case .utf8: return "UTF-8"
        case .utf16: return "UTF-16"
        case .windows1252: return "Windows-1252"
        }
    }

    /// Decodes `data` strictly, returning the text (without a byte-order mark) and the encoding read:
    /// - a UTF-8 byte-order mark: the rest must be UTF-8;
    /// - a UTF-16 byte-order mark, or UTF-16 without one (recognised by its zero bytes): UTF-16;
    /// - valid UTF-8: UTF-8;
    /// - not valid UTF-8 and no valid multi-byte UTF-8 sequence anywhere: Windows-1252 (Latin-1);
    /// - UTF-8 with some invalid bytes: refused, naming the first bad line (never guessed: decoding
    ///   it as Windows-1252 would turn every "Køge" into "KÃ¸ge");
    /// - a NUL byte in a file that is not UTF-16: refused as binary.
    public static func decode(_ data: Data, file: String) throws -> (text: String, encoding: Encoding) {
        let bytes = [UInt8](data)
        func fail(_ line: Int?, _ msg: String) -> DimensioneringError {
            .badData(SourceLocation(file: file, line: line), msg)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let rest = bytes[3...]
            if let s = String(validating: rest, as: UTF8.self) { return (s, .utf8) }
            let (line, byte) = firstInvalidUTF8(rest)
            throw fail(line, "the file starts with a UTF-8 byte-order mark but byte 0x\(hex(byte)) on this line is not UTF-8; save the file again as UTF-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return (try utf16(bytes[2...], littleEndian: bytes[0] == 0xFF, fail: fail), .utf16)
        }
        if let zero = bytes.firstIndex(of: 0) {
            if let littleEndian = looksLikeUTF16(bytes) {
                return (try utf16(bytes[...], littleEndian: littleEndian, fail: fail), .utf16)
            }
            let line = bytes[..<zero].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw fail(line, "a NUL byte: this is a binary file, not text (CSV or TOML)")
        }
        if let s = String(validating: bytes, as: UTF8.self) { return (s, .utf8) }
        if containsMultiByteUTF8(bytes) {
            let (line, byte) = firstInvalidUTF8(bytes[...])
            throw fail(line, "the file is UTF-8 except for byte 0x\(hex(byte)) on this line, which is not UTF-8; save the file as UTF-8 (it is not read as Windows-1252 because other lines are UTF-8)")
        }
        return (windows1252(bytes[...]), .windows1252)
    }

    static func hex(_ b: UInt8) -> String {
        let h = String(b, radix: 16, uppercase: true)
        return h.count == 1 ? "0" + h : h
    }

    /// Decodes UTF-16 code units; unpaired surrogates are refused.
    static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool,
                      fail: (Int?, String) -> DimensioneringError) throws -> String {
        guard bytes.count % 2 == 0 else { throw fail(nil, "UTF-16 text with an odd number of bytes; the file is cut off or not UTF-16") }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            units.append(littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
                                      : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
            i += 2
        }
        var scalars = String.UnicodeScalarView()
        var line = 1
        var it = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s):
                if s == "\0" { throw fail(line, "a NUL character in UTF-16 text: this is a binary file, not text") }
                if s == "\n" { line += 1 }
                scalars.append(s)
            case .emptyInput: break loop
            case .error: throw fail(line, "invalid UTF-16 (an unpaired surrogate) on this line")
            }
        }
        return String(scalars)
    }

    /// UTF-16 without a byte-order mark: at least a quarter of the bytes are zero and nearly all
    /// zeros are at even (big-endian) or odd (little-endian) offsets. Returns the byte order.
    static func looksLikeUTF16(_ b: [UInt8]) -> Bool? {
        guard b.count >= 2, b.count % 2 == 0 else { return nil }
        var even = 0, odd = 0
        for (i, x) in b.enumerated() where x == 0 { if i % 2 == 0 { even += 1 } else { odd += 1 } }
        let zeros = even + odd
        guard zeros * 4 >= b.count else { return nil }
        if odd * 20 <= zeros { return false }  // zeros first: big-endian
        if even * 20 <= zeros { return true }
        return nil
    }

    /// True if some valid multi-byte UTF-8 sequence (a non-ASCII character) occurs.
    static func containsMultiByteUTF8(_ b: [UInt8]) -> Bool {
        var i = 0
        while i < b.count {
            let n = sequenceLength(b, i)
            if n > 1 { return true }
            i += 1
        }
        return false
    }

    /// Length of the valid UTF-8 sequence starting at `i` (1 for ASCII), or 0 if invalid there.
    static func sequenceLength<C: RandomAccessCollection>(_ b: C, _ i: C.Index) -> Int where C.Element == UInt8, C.Index == Int {
        let x = b[i]
        if x < 0x80 { return 1 }
        let need: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch x {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; hi = 0x9F
        case 0xF0: need = 3; lo = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; hi = 0x8F
        default: return 0
        }
        guard i + need < b.endIndex else { return 0 }
        let first = b[i + 1]
        guard first >= lo && first <= hi else { return 0 }
        for k in 2..<(need + 1) where !(0x80...0xBF).contains(b[i + k]) { return 0 }
        return need + 1
    }

    /// The 1-based line and value of the first byte that does not start a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ b: ArraySlice<UInt8>) -> (line: Int, byte: UInt8) {
        var i = b.startIndex
        var line = 1
        while i < b.endIndex {
            let n = sequenceLength(b, i)
            if n == 0 { return (line, b[i]) }
            if b[i] == 0x0A { line += 1 }
            i += n
        }
        return (line, 0)
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

    nonisolated(unsafe) private static var pathsRead: [String] = []
    private static let readLock = NSLock()

    /// Every path given to `readFile` in this process, so that an output can be checked against
    /// all of the inputs (`AtomicFile.write(_:to:inputs:)`).
    public static var filesRead: [String] {
        readLock.lock(); defer { readLock.unlock() }
        return pathsRead
    }

    static func recordRead(_ path: String) {
        readLock.lock(); defer { readLock.unlock() }
        if !pathsRead.contains(path) { pathsRead.append(path) }
    }

    /// The largest input file read, in bytes (a FOLK1A export of every quarter is about 30 MB).
    public static let maximumInputSize = 256 << 20

    /// Reads a file, at most `limit` bytes, mapping a read failure to `.missingInput` naming the
    /// path. Devices and pipes are read as a stream; one that does not end within `limit` bytes
    /// (`/dev/zero`, `yes |`) is bad data, not a hang.
    public static func readFile(_ path: String, limit: Int = maximumInputSize) throws -> Data {
        recordRead(path)
        var st = stat()
        guard stat(path, &st) == 0 else {
            let e = errno
            if e == ENOENT { throw DimensioneringError.missingInput(path: path, reason: "no such file") }
            throw DimensioneringError.missingInput(path: path, reason: "cannot be read (\(String(cString: strerror(e))))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw DimensioneringError.missingInput(path: path, reason: "is a directory, expected a file")
        }
        func tooLarge() -> DimensioneringError {
            .badData(SourceLocation(file: path), "the input is larger than \(limit >> 20) MB (or never ends); is it the right file?")
        }
        if (st.st_mode & S_IFMT) == S_IFREG && Int(st.st_size) > limit { throw tooLarge() }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw DimensioneringError.missingInput(path: path, reason: "cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DimensioneringError.missingInput(path: path, reason: "cannot be read (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
            if data.count > limit { throw tooLarge() }
        }
        return data
    }
}
