import BigInt
import Foundation

/// Danish number text for the views.
enum ViewFormat {
    static func int(_ v: Int) -> String { PlanFormat.thousands(v, separator: ".") }
    static func dec(_ r: Rational, _ places: Int) -> String { r.decimalString(places: places).replacingOccurrences(of: ".", with: ",") }
    static func dec(_ d: Double, _ places: Int) -> String {
        String(format: "%.\(places)f", d).replacingOccurrences(of: ".", with: ",")
    }
    static func signed(_ v: Int) -> String { v > 0 ? "+\(v)" : v < 0 ? "−\(-v)" : "0" }
    static func signedPct(_ d: Double) -> String {
        let s = dec(abs(d), 1)
        return (d > 0.00049 ? "+" : d < -0.00049 ? "−" : "") + s + " %"
    }
    /// A rational divisor as short decimal text.
    static func divisor(_ r: Rational) -> String {
        var s = r.decimalString(places: 12)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        let parts = s.split(separator: ".", maxSplits: 1).map(String.init)
        let whole = Int(parts[0]).map { int($0) } ?? parts[0]
        return parts.count == 2 ? whole + "," + parts[1] : whole
    }
}
