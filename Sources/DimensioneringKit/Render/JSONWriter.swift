import Foundation

/// A JSON value with ordered keys, rendered the same way every time (determinism).
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    /// A number already formatted (exact decimals, rationals rounded for display).
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.rendered() == b.rendered() }

    public func rendered(indent: Int = 0, pretty: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out, indent: indent, pretty: pretty)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value's UTF-8 to `out`: bytes, not String appends, and no per-value temporaries
    /// (integers are written digit by digit, strings that need no escape are copied whole).
    func write(to out: inout [UInt8], indent: Int, pretty: Bool) {
        @inline(__always) func newline(_ level: Int) {
            guard pretty else { return }
            out.append(0x0A)
            for _ in 0..<(2 * level) { out.append(0x20) }
        }
        switch self {
        case .null: JSON.append("null", to: &out)
        case .bool(let b): JSON.append(b ? "true" : "false", to: &out)
        case .int(let i): JSON.appendInt(i, to: &out)
        case .double(let d): JSON.appendDouble(d, to: &out)
        case .number(let s): JSON.append(s, to: &out)
        case .string(let s): JSON.appendQuoted(s, to: &out)
        case .array(let items):
            if items.isEmpty { JSON.append("[]", to: &out); return }
            let simple = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if simple {
                out.append(UInt8(ascii: "["))
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")); out.append(0x20) }
                    item.write(to: &out, indent: 0, pretty: false)
                }
                out.append(UInt8(ascii: "]"))
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                newline(indent + 1)
                item.write(to: &out, indent: indent + 1, pretty: pretty)
                if i < items.count - 1 { out.append(UInt8(ascii: ",")) }
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            if fields.isEmpty { JSON.append("{}", to: &out); return }
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in fields.enumerated() {
                newline(indent + 1)
                JSON.appendQuoted(k, to: &out)
                out.append(UInt8(ascii: ":")); out.append(0x20)
                v.write(to: &out, indent: indent + 1, pretty: pretty)
                if i < fields.count - 1 { out.append(UInt8(ascii: ",")) }
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always) static func append(_ s: String, to out: inout [UInt8]) { out.append(contentsOf: s.utf8) }

    /// A `.double` as `write` writes it: whole numbers below 10¹⁵ as integers, others as Swift's
    /// shortest round-trip text, non-finite as null.
    static func appendDouble(_ d: Double, to out: inout [UInt8]) {
        if d.isFinite {
            if d == d.rounded() && abs(d) < 1e15 { appendInt(Int(Int64(d)), to: &out) } else { append(d.description, to: &out) }
        } else { append("null", to: &out) }
    }

    /// Writes an object of `count` fields exactly as a pretty `.object` at `indent` is written,
    /// without building it: `field(i, &out, level)` writes field i's key (`appendKey`) and value at
    /// nesting `level`. For large outputs (a biproportional allocation has a value per cell).
    static func writeObject(count: Int, to out: inout [UInt8], indent: Int,
                            _ field: (Int, inout [UInt8], Int) -> Void) {
        if count == 0 { append("{}", to: &out); return }
        out.append(UInt8(ascii: "{"))
        for i in 0..<count {
            out.append(0x0A)
            for _ in 0..<(2 * (indent + 1)) { out.append(0x20) }
            field(i, &out, indent + 1)
            if i < count - 1 { out.append(UInt8(ascii: ",")) }
        }
        out.append(0x0A)
        for _ in 0..<(2 * indent) { out.append(0x20) }
        out.append(UInt8(ascii: "}"))
    }

    /// `"key": ` as an object field writes it.
    @inline(__always) static func appendKey(_ key: String, to out: inout [UInt8]) {
        appendQuoted(key, to: &out)
        out.append(UInt8(ascii: ":")); out.append(0x20)
    }

    /// Decimal digits of `i`, as `String(i)` writes them.
    static func appendInt(_ i: Int, to out: inout [UInt8]) {
        if i == 0 { out.append(UInt8(ascii: "0")); return }
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var v = i.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while v > 0 { buffer[count] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; count += 1 }
            for k in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[k]) }
        }
    }

    public static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal; a string of printable ASCII without `"`, `\\`, `<`,
    /// `>` or `&` (the usual case) is copied whole.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let plain = s.utf8.allSatisfy { b in
            b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\")
                && b != UInt8(ascii: "<") && b != UInt8(ascii: ">") && b != UInt8(ascii: "&")
        }
        if plain {
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": append("\\\"", to: &out)
            case "\\": append("\\\\", to: &out)
            case "\n": append("\\n", to: &out)
            case "\r": append("\\r", to: &out)
            case "\t": append("\\t", to: &out)
            case "<": append("\\u003c", to: &out)  // safe to embed in HTML
            case ">": append("\\u003e", to: &out)
            case "&": append("\\u0026", to: &out)
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    append(String(format: "\\u%04x", scalar.value), to: &out)
                } else {
                    out.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
