import BigInt
import Foundation

/// The language of a report. Danish is the default for everything a municipality reads.
public enum Language: String, Sendable, CaseIterable {
    case da, en
    public var english: Bool { self == .en }
}

/// Numbers as text: thousands separators and decimal marks per language, exact.
enum PlanFormat {
    /// "+3", "-2", "0", "+0.25": integers without decimals; sign handled here (exactly).
    static func signed(_ r: Rational) -> String {
        if r == Rational(0) { return "0" }
        let negative = r < Rational(0)
        let a = negative ? Rational(0) - r : r
        return (negative ? "-" : "+") + a.decimalString(places: Rational(a.floor) == a ? 0 : 2)
    }

    static func thousands(_ v: Int, separator: String) -> String {
        let s = String(v.magnitude)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        return (v < 0 ? "-" : "") + out
    }

    /// A whole number in the language: 1.429 (da), 1,429 (en).
    /// Danish text writes the minus sign (−, U+2212), English the hyphen-minus; CSV keeps "-".
    static func minus(_ lang: Language) -> String { lang.english ? "-" : "−" }

    static func int(_ v: Int, _ lang: Language) -> String {
        v < 0 ? minus(lang) + thousands(-v, separator: lang.english ? "," : ".") : thousands(v, separator: lang.english ? "," : ".")
    }

    /// A decimal with `places` places and thousands separators: 1.778,51 (da), 1,778.51 (en).
    static func decimal(_ r: Rational, _ places: Int, _ lang: Language) -> String {
        let s = r.decimalString(places: places)
        let negative = s.hasPrefix("-")
        let body = negative ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", maxSplits: 1).map(String.init)
        let whole = Int(parts[0]).map { thousands($0, separator: lang.english ? "," : ".") } ?? parts[0]
        let text = parts.count == 2 ? whole + (lang.english ? "." : ",") + parts[1] : whole
        return (negative ? minus(lang) : "") + text
    }

    /// A share as a percentage: 7,32 % (da), 7.32% (en).
    static func percent(_ r: Rational, _ places: Int, _ lang: Language) -> String {
        decimal(r * Rational(100), places, lang) + (lang.english ? "%" : " %")
    }

    /// An exact number without trailing zeros: whole numbers without decimals, else up to `places`.
    static func number(_ r: Rational, _ places: Int, _ lang: Language) -> String {
        if Rational(r.floor) == r, let v = Int(r.floor.description) { return int(v, lang) }
        var s = decimal(r, places, lang)
        let mark: Character = lang.english ? "." : ","
        if s.contains(mark) {
            while s.hasSuffix("0") { s.removeLast() }
            if s.last == mark { s.removeLast() }
        }
        return s
    }
}

