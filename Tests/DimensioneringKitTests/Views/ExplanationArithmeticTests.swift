import BigInt
import Foundation
import Testing
@testable import DimensioneringKit

/// Every arithmetic line of `explain`, for every municipality of every shipped scenario, in Danish
/// and English, re-computed exactly from the numbers as printed:
/// - "A / B = C → D": A / B rounds to C (half away from zero, at C's decimals), C rounded by the
///   method's rule is D without doubt (strictly between the signposts), D is the unit's places in
///   the plan; and A, B, C are the true weight, divisor and quotient rounded, not truncated.
/// - "A / B = C" (the margin): A / B rounds to C.
/// - "p % af N er Y": p % × N rounds to Y; Y is the true ideal quota rounded; p the true key.
/// - "Nøglen: w × p % + … = k %": Σ w × p rounds to k.
@Suite struct ExplanationArithmeticTests {
    /// A number as printed: "63.839", "68,497" (da) or "63,839", "68.497" (en), with its decimals.
    struct Printed: CustomStringConvertible {
        var text: String
        var value: Rational
        var places: Int
        var description: String { text }

        init?(_ raw: Substring, _ lang: Language) {
            var s = String(raw)
            while let l = s.last, l == "." || l == "," { s.removeLast() }
            let thousands: Character = lang.english ? "," : "."
            let mark: Character = lang.english ? "." : ","
            let plain = s.filter { $0 != thousands }
            let parts = plain.split(separator: mark, omittingEmptySubsequences: false)
            guard parts.count <= 2, let whole = BigInt(String(parts[0])) else { return nil }
            text = s
            if parts.count == 2 {
                guard let frac = BigInt(String(parts[1])), !parts[1].isEmpty else { return nil }
                places = parts[1].count
                let scale = BigInt(10).power(places)
                value = Rational(whole * scale + frac, scale)
            } else {
                places = 0
                value = Rational(whole)
            }
        }
    }

    static func rounded(_ r: Rational, _ places: Int) -> Rational {
        // Half away from zero, as the printed decimals (all values here are ≥ 0).
        let scale = BigInt(10).power(places)
        let n = (r.numerator * scale * 2 + r.denominator) / (r.denominator * 2)
        return Rational(n, scale)
    }

    /// Whether a reader, rounding `c` by the method's rule, gets exactly `d`: s(d−1) < c < s(d).
    static func roundsWithoutDoubt(_ method: ApportionmentMethod, _ c: Rational, to d: Int) -> Bool {
        let c2 = c * c
        let up = method.signpostSquared(d)
        guard c2 < Rational(up.num, up.den) else { return false }
        if d == 0 { return true }
        let down = method.signpostSquared(d - 1)
        return Rational(down.num, down.den) < c2
    }

    static let number = "([0-9][0-9.,]*[0-9]|[0-9])"
    static let division = try! NSRegularExpression(pattern: "\(number) / \(number) = \(number)(?: → \(number))?")
    static let percentOf = try! NSRegularExpression(pattern: "\(number) ?% (?:af|of) \(number) (?:er|is) \(number)")
    static let keyTerm = try! NSRegularExpression(pattern: "\(number) × \(number) ?%")
    static let keySum = try! NSRegularExpression(pattern: "= \(number) ?%;")

    static func matches(_ re: NSRegularExpression, _ line: String) -> [[Substring]] {
        re.matches(in: line, range: NSRange(line.startIndex..., in: line)).map { m in
            (1..<m.numberOfRanges).map { i in
                Range(m.range(at: i), in: line).map { line[$0] } ?? ""
            }
        }
    }

    struct Tally {
        var divisionLines = 0
        var arrowLines = 0
        var percentLines = 0
        var keyLines = 0
        var false_: [String] = []
        /// The distinct false lines (scenario, language and text): a KKR's line recurs in every municipality's explanation.
        var distinctFalse: [String: Set<String>] = [:]
    }

    /// Checks one explanation; every false line goes to `tally.false_` with the reason.
    static func check(_ ex: Explanation, plan: PlanResult, tally: inout Tally) {
        let lang = ex.lang
        let method = plan.scenario.method
        // The municipality's places in the plan, per year and education name, found independently.
        var places: [String: Int] = [:]
        for y in plan.years {
            for e in y.educations {
                for l in e.levels where l.units == .municipality && l.role == .plain {
                    for g in l.groups { for r in g.rows where r.code == ex.municipality.code { places[y.year + "|" + e.name + "|" + l.name] = r.seats } }
                }
            }
        }
        func fail(_ s: Explanation.Step, _ line: String, _ why: String, _ kind: String = "other") {
            tally.false_.append("\(ex.scenario) \(ex.municipality.code) \(lang) \(s.year) \(s.education) \(s.level): \(why): \(line)")
            tally.distinctFalse[kind, default: []].insert("\(ex.scenario) \(lang) \(line)")
        }
        for s in ex.steps {
            if s.unit == ex.municipality.code, let p = places[s.year + "|" + s.education + "|" + s.level], p != s.seats {
                fail(s, "", "step places \(s.seats) but the plan has \(p)")
            }
            for line in s.lines {
                for m in matches(division, line) {
                    guard let a = Printed(m[0], lang), let b = Printed(m[1], lang), let c = Printed(m[2], lang), b.value > Rational(0) else {
                        fail(s, line, "unparsable division"); continue
                    }
                    tally.divisionLines += 1
                    if rounded(a.value / b.value, c.places) != c.value { fail(s, line, "\(a) / \(b) does not round to \(c)", "division") }
                    guard !m[3].isEmpty else { continue }
                    tally.arrowLines += 1
                    guard let d = Printed(m[3], lang), d.places == 0, let di = Int(d.value.floor.description) else {
                        fail(s, line, "unparsable places"); continue
                    }
                    if c.places < 2 { fail(s, line, "fewer than 2 decimals in \(c)") }
                    if !roundsWithoutDoubt(method, c.value, to: di) { fail(s, line, "\(c) rounded by \(method.rawValue) is not \(di)", "rounding") }
                    if di != s.seats { fail(s, line, "\(di) is not the unit's \(s.seats) places") }
                    if let dv = s.divisor {
                        if b.value != dv { fail(s, line, "\(b) is not the divisor \(dv.decimalString(places: 12))") }
                        if rounded(s.weight / dv, c.places) != c.value { fail(s, line, "\(c) is not the true quotient rounded") }
                        if rounded(s.weight, a.places) != a.value { fail(s, line, "\(a) is not the true weight rounded") }
                    } else {
                        fail(s, line, "a divisor line without a divisor on the step")
                    }
                }
                for m in matches(percentOf, line) {
                    guard let p = Printed(m[0], lang), let n = Printed(m[1], lang), let y = Printed(m[2], lang) else {
                        fail(s, line, "unparsable percentage"); continue
                    }
                    tally.percentLines += 1
                    if rounded(p.value * n.value / Rational(100), y.places) != y.value { fail(s, line, "\(p) % of \(n) does not round to \(y)", "percent") }
                    if rounded(s.ideal, y.places) != y.value { fail(s, line, "\(y) is not the true quota rounded") }
                    if rounded(s.key * Rational(100), p.places) != p.value { fail(s, line, "\(p) % is not the true key rounded") }
                    if n.value != Rational(s.apportioned) { fail(s, line, "\(n) is not the places apportioned (\(s.apportioned))") }
                }
                let terms = matches(keyTerm, line)
                if !terms.isEmpty, let k = matches(keySum, line).first, let kv = Printed(k[0], lang) {
                    tally.keyLines += 1
                    var sum = Rational(0)
                    for t in terms {
                        guard let w = Printed(t[0], lang), let p = Printed(t[1], lang) else { fail(s, line, "unparsable key term"); continue }
                        sum = sum + w.value * p.value
                    }
                    if rounded(sum, kv.places) != kv.value { fail(s, line, "the key's terms do not add up to \(kv) %", "key") }
                    if rounded(s.key * Rational(100), kv.places) != kv.value { fail(s, line, "\(kv) % is not the true key rounded") }
                }
            }
        }
    }

    @Test func everyArithmeticLineOfEveryShippedScenarioIsTrue() throws {
        let names = ScenarioLibrary.embeddedNames()
        #expect(names.count >= 12)
        var tally = Tally()
        for name in names {
            let plan = try Planner.run(try ScenarioOverrides.load(name, set: []), population: nil)
            for m in plan.registry.all {
                for lang in Language.allCases {
                    Self.check(Explanation.explain(plan, municipality: m, lang: lang), plan: plan, tally: &tally)
                }
            }
        }
        print("explain arithmetic: \(tally.arrowLines) 'A / B = C → D', \(tally.divisionLines) 'A / B = C', \(tally.percentLines) '% af', \(tally.keyLines) key lines; \(tally.false_.count) false; distinct false lines by check: "
              + tally.distinctFalse.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.count)" }.joined(separator: ", "))
        // Not vacuous: every shipped scenario is a divisor method, so most explanations round.
        #expect(tally.arrowLines > 2000)
        #expect(tally.percentLines > 2000)
        #expect(tally.false_.count == 0, "\(tally.false_.count) false lines; the first: \(tally.false_.prefix(8).joined(separator: "\n"))")
    }
}
