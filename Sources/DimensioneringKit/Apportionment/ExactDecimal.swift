import BigInt
import Foundation

/// A non-negative decimal number held exactly: `significand × 10^exponent`.
///
/// Weights arrive as decimal text (population counts, key shares such as 0.1234); they are never
/// parsed through `Double` for decisions. `Double` is only used for the LP's costs and estimates.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let significand: BigInt
    public let exponent: Int
    /// The text it was parsed from (normalised), for reports and exports.
    public let text: String

    public static let maximumDigits = 40
    public static let exponentRange = -40...40

    /// Parses `123`, `0.25`, `1e-9`, `1.5E12`. Returns nil for anything else (sign, NaN, `inf`,
    /// separators, empty). Negative numbers are rejected: weights and seats are non-negative.
    public init?(_ raw: String) {
        // Plain digits with at most one dot (nearly every weight): the one-pass reader, which
        // gives the same value and text (tested against the general parser).
        guard let value = Self.plain(raw) ?? Self.general(raw) else { return nil }
        self = value
    }

    /// The general parser: blanks around, `+`, exponents, leading and trailing zeros.
    static func general(_ raw: String) -> ExactDecimal? {
        let s = raw.trimmingBlanks()
        guard !s.isEmpty else { return nil }
        var mantissa = Substring(s)
        var exp = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = s[..<e]
            var expText = s[s.index(after: e)...]
            var negative = false
            if expText.first == "+" || expText.first == "-" {
                negative = expText.first == "-"
                expText = expText.dropFirst()
            }
            guard !expText.isEmpty, expText.count <= 3, expText.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let v = Int(expText) else { return nil }
            exp = negative ? -v : v
        }
        if mantissa.first == "+" { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let intPart = parts[0]
        let fracPart = parts.count == 2 ? parts[1] : ""
        guard !(intPart.isEmpty && fracPart.isEmpty) else { return nil }
        guard intPart.allSatisfy({ $0.isASCII && $0.isNumber }), fracPart.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        var digits = String(intPart) + String(fracPart)
        exp -= fracPart.count
        // Normalise: strip leading zeros, move trailing zeros into the exponent.
        while digits.count > 1, digits.first == "0" { digits.removeFirst() }
        while digits.count > 1, digits.last == "0" { digits.removeLast(); exp += 1 }
        if digits == "0" { exp = 0 }
        guard digits.count <= Self.maximumDigits, Self.exponentRange.contains(exp) else { return nil }
        guard let sig = BigInt(digits) else { return nil }
        return ExactDecimal(significand: sig, exponent: exp, text: ExactDecimal.render(digits: digits, exponent: exp))
    }

    public init(_ value: Int) {
        precondition(value >= 0)
        self.init(String(value))!
    }

    private init(significand: BigInt, exponent: Int, text: String) {
        self.significand = significand
        self.exponent = exponent
        self.text = text
    }

    /// The fast path for the plain numbers inputs are made of: ASCII digits with at most one `.`
    /// (`123`, `0.25`, `.5`, `7.`), at most 18 significant digits. Gives exactly what
    /// `ExactDecimal(DecimalText.normalise(s))` gives; nil for anything else (signs, exponents,
    /// decimal commas, spaces, long numbers), which then takes the general, checked path.
    static func plain(_ s: String) -> ExactDecimal? {
        guard s.utf8.count <= 40 else { return nil }
        return s.utf8.withContiguousStorageIfAvailable { b -> ExactDecimal? in
            // One pass: where the significant digits start and end, and where the dot is.
            var dot = -1, firstNonZero = -1, lastNonZero = -1, digitCount = 0
            for (k, c) in b.enumerated() {
                if c == UInt8(ascii: ".") {
                    if dot >= 0 { return nil }
                    dot = k
                } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                    digitCount += 1
                    if c != UInt8(ascii: "0") {
                        if firstNonZero < 0 { firstNonZero = k }
                        lastNonZero = k
                    }
                } else { return nil }
            }
            guard digitCount > 0 else { return nil }
            if firstNonZero < 0 { return ExactDecimal(significand: 0, exponent: 0, text: "0") }
            // Significand: the digits from the first to the last non-zero one; exponent: the place
            // of the last non-zero digit (10^0 just left of the dot).
            let point = dot >= 0 ? dot : b.count
            let exp = lastNonZero < point ? point - lastNonZero - 1 : -(lastNonZero - point)
            var value = 0, significant = 0
            for k in firstNonZero...lastNonZero where b[k] != UInt8(ascii: ".") {
                significant += 1
                if significant > 18 { return nil }
                value = value * 10 + Int(b[k] - UInt8(ascii: "0"))
            }
            // The normalised text, as `render` writes it: digits, trailing zeros for a positive
            // exponent, or a dot (with "0." and leading zeros when the number is below 1); written
            // straight into the string's storage.
            let length = exp >= 0 ? significant + exp
                : (significant > -exp ? significant + 1 : 2 + (-exp - significant) + significant)
            let text = String(unsafeUninitializedCapacity: length) { out in
                var j = 0
                @inline(__always) func put(_ c: UInt8) { out[j] = c; j += 1 }
                if exp >= 0 {
                    for k in firstNonZero...lastNonZero where b[k] != UInt8(ascii: ".") { put(b[k]) }
                    for _ in 0..<exp { put(UInt8(ascii: "0")) }
                } else if significant > -exp {
                    var left = significant + exp  // digits before the dot
                    for k in firstNonZero...lastNonZero where b[k] != UInt8(ascii: ".") {
                        if left == 0 { put(UInt8(ascii: ".")) }
                        left -= 1
                        put(b[k])
                    }
                } else {
                    put(UInt8(ascii: "0")); put(UInt8(ascii: "."))
                    for _ in 0..<(-exp - significant) { put(UInt8(ascii: "0")) }
                    for k in firstNonZero...lastNonZero where b[k] != UInt8(ascii: ".") { put(b[k]) }
                }
                return j
            }
            // One word, stored inline, through BigUInt's only non-generic initialiser (big-endian
            // bytes): the generic BigInt(Int), unspecialised across the module, costs ~1,500 instructions.
            let significand = withUnsafeBytes(of: UInt64(value).bigEndian) { BigInt(sign: .plus, magnitude: BigUInt($0)) }
            return ExactDecimal(significand: significand, exponent: exp, text: text)
        } ?? nil
    }

    private static func render(digits: String, exponent: Int) -> String {
        if digits == "0" { return "0" }
        if exponent >= 0 { return digits + String(repeating: "0", count: exponent) }
        let k = -exponent
        if digits.count > k {
            let cut = digits.index(digits.endIndex, offsetBy: -k)
            return digits[..<cut] + "." + digits[cut...]
        }
        return "0." + String(repeating: "0", count: k - digits.count) + digits
    }

    public var isZero: Bool { significand.isZero }
    public var doubleValue: Double { Double(text) ?? Double(significand) * pow(10, Double(exponent)) }
    public var description: String { text }

    /// Integer numerators on the common scale 10^minExponent, so that ratios are exact.
    public static func commonScale(_ values: [ExactDecimal]) -> [BigInt] {
        guard let minExp = values.filter({ !$0.isZero }).map(\.exponent).min() else {
            return values.map { _ in 0 }
        }
        return values.map { v in v.isZero ? 0 : v.significand * BigInt(10).power(v.exponent - minExp) }
    }

    public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool {
        let s = commonScale([a, b])
        return s[0] < s[1]
    }
}

/// An exact non-negative-denominator rational, compared by cross-multiplication (never floats).
public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: BigInt
    public let denominator: BigInt  // > 0

    public init(_ numerator: BigInt, _ denominator: BigInt = 1) {
        precondition(!denominator.isZero, "zero denominator")
        if denominator.sign == .minus {
            self.numerator = -numerator
            self.denominator = -denominator
        } else {
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    public init(_ value: Int) { self.init(BigInt(value)) }

    /// The exact value of a decimal: significand × 10^exponent.
    public init(_ d: ExactDecimal) {
        if d.exponent >= 0 { self.init(d.significand * BigInt(10).power(d.exponent)) }
        else { self.init(d.significand, BigInt(10).power(-d.exponent)) }
    }

    /// Exact value of dot-decimal text ("0.3", "12", "1e-3"), the form every reader produces
    /// (`DecimalText` for CSV with its locale rules, the TOML reader for scenario numbers); nil
    /// for negatives and anything else.
    public init?(decimalText text: String) {
        guard let d = ExactDecimal(text) else { return nil }
        self.init(d)
    }

    public var reduced: Rational {
        let g = numerator.magnitude.greatestCommonDivisor(with: denominator.magnitude)
        if g <= 1 { return self }
        return Rational(numerator / BigInt(g), denominator / BigInt(g))
    }

    public var floor: BigInt {
        let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
        return r.sign == .minus && !r.isZero ? q - 1 : q
    }

    public var doubleValue: Double {
        let r = reduced
        // Scale to keep precision for huge or tiny values.
        let nd = Double(r.numerator), dd = Double(r.denominator)
        if nd.isFinite && dd.isFinite && dd != 0 { return nd / dd }
        let shift = max(r.numerator.magnitude.bitWidth, r.denominator.magnitude.bitWidth) - 1000
        return Double(r.numerator >> shift) / Double(r.denominator >> shift)
    }

    public var description: String {
        let r = reduced
        return r.denominator == 1 ? "\(r.numerator)" : "\(r.numerator)/\(r.denominator)"
    }

    /// `decimalString` in machine integers when numerator and denominator are small (quotas of up
    /// to 10⁷ seats over weights of up to 18 digits): (|n|·10^p·2 + d) / (2d) in 128-bit arithmetic.
    private func smallDecimalString(places: Int) -> String? {
        guard places >= 0, places <= 17, numerator.magnitude.bitWidth <= 62, denominator.magnitude.bitWidth <= 62 else { return nil }
        let n = UInt64(numerator.magnitude), d = UInt64(denominator.magnitude)
        var scale: UInt64 = 2
        for _ in 0..<places { scale *= 10 }
        let product = n.multipliedFullWidth(by: scale)
        let (low, carry) = product.low.addingReportingOverflow(d)
        let high = product.high + (carry ? 1 : 0)
        let divisor = d * 2
        guard high < divisor else { return nil }
        let scaled = divisor.dividingFullWidth((high: high, low: low)).quotient
        let negative = numerator.sign == .minus && !numerator.isZero
        if scaled == 0 { return places == 0 ? "0" : "0." + String(repeating: "0", count: places) }
        var digits = String(scaled)
        if places == 0 { return (negative ? "-" : "") + digits }
        if digits.count <= places { digits = String(repeating: "0", count: places + 1 - digits.count) + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -places)
        return (negative ? "-" : "") + digits[..<cut] + "." + digits[cut...]
    }

    public static func + (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func - (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func * (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.numerator, a.denominator * b.denominator)
    }
    public static func / (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator, a.denominator * b.numerator)
    }
    public static func < (a: Rational, b: Rational) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }
    public static func == (a: Rational, b: Rational) -> Bool {
        a.numerator * b.denominator == b.numerator * a.denominator
    }
    public func hash(into hasher: inout Hasher) {
        let r = reduced
        hasher.combine(r.numerator)
        hasher.combine(r.denominator)
    }

    /// Decimal text with `places` digits after the point, rounded half up (for reports only).
    public func decimalString(places: Int) -> String {
        if let fast = smallDecimalString(places: places) { return fast }
        // Reducing first is not needed for the digits (n/d and (n·g)/(d·g) round alike); kept
        // off the fast path above, which never reduces.
        let r = self
        let scale = BigInt(10).power(places)
        // Round half away from zero on the magnitude, then put the sign back.
        let negative = r.numerator.sign == .minus && !r.numerator.isZero
        let scaled = (r.numerator.magnitude * scale.magnitude * 2 + r.denominator.magnitude) / (r.denominator.magnitude * 2)
        if scaled.isZero { return places == 0 ? "0" : "0." + String(repeating: "0", count: places) }
        var digits = String(scaled)
        if places == 0 { return (negative ? "-" : "") + digits }
        while digits.count <= places { digits = "0" + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -places)
        return (negative ? "-" : "") + digits[..<cut] + "." + digits[cut...]
    }
}
