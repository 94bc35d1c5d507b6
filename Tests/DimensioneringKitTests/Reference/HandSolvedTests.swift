import Foundation
import Testing
@testable import DimensioneringKit

// Textbook cases solved by hand. Each comment gives the source and the hand computation, so the
// expected numbers do not come from either implementation. Every case is also run through the
// plain reference (ReferenceApportionment.swift) as a check on the reference itself.

private func units(_ list: [(String, String)], min: [String: Int] = [:], max: [String: Int] = [:]) -> [RefUnit] {
    list.map { RefUnit(id: $0.0, weight: $0.1, min: min[$0.0] ?? 0, max: max[$0.0]) }
}

/// Engine and reference on the same case; returns the engine's seats in input order.
private func solve(_ u: [RefUnit], _ h: Int, _ method: ApportionmentMethod, ties: TieRule = .inputOrder) throws -> ApportionmentResult {
    let problem = ApportionmentProblem(
        units: u.map { ApportionmentUnit(id: $0.id, weight: ExactDecimal($0.weight)!, min: $0.min, max: $0.max) },
        seats: h, method: method, ties: ties)
    return try Apportioner.apportion(problem)
}

private func seats(_ u: [RefUnit], _ h: Int, _ method: ApportionmentMethod) throws -> [Int] {
    let engine = try solve(u, h, method).seatsByUnit
    if case .allocation(let ref, _) = ReferenceApportionment.apportion(u, seats: h, method: method) {
        #expect(ref == engine, "reference \(ref) vs engine \(engine)")
    } else {
        Issue.record("the reference calls \(method.rawValue), h=\(h) infeasible")
    }
    return engine
}

private func errorDescription(_ body: () throws -> Void) -> String {
    do { try body(); return "no error" } catch { return "\(error)" }
}

@Suite struct ReferenceHandSolvedTests {
    // MARK: 53 000 / 24 000 / 23 000 votes, 7 seats

    // The standard worked example of the Sainte-Laguë article (Wikipedia, "Sainte-Laguë method"),
    // comparing it with D'Hondt. Quotients by hand:
    //   D'Hondt (÷1,2,3,4,5): A 53000 26500 17667 13250 10600 | B 24000 12000 | C 23000 11500
    //     the 7 largest: 53000A 26500A 24000B 23000C 17667A 13250A 12000B  → 4 / 2 / 1 (8th: 11500C)
    //   Sainte-Laguë (÷1,3,5,7): A 53000 17667 10600 7571 | B 24000 8000 | C 23000 7667
    //     the 7 largest: 53000A 24000B 23000C 17667A 10600A 8000B 7667C     → 3 / 2 / 2 (8th: 7571A)
    //   Modified Sainte-Laguë (÷1.4,3,5,…): A 37857 17667 10600 7571 | B 17143 8000 | C 16429 7667
    //     the 7 largest: 37857A 17667A 17143B 16429C 10600A 8000B 7667C     → 3 / 2 / 2
    //   Hamilton: quotas 3.71 / 1.68 / 1.61, floors 3+1+1 = 5, 2 seats to the remainders .71 A, .68 B → 4 / 2 / 1
    static let votes = [("A", "53000"), ("B", "24000"), ("C", "23000")]

    @Test func dhondtSainteLagueClassic() throws {
        #expect(try seats(units(Self.votes), 7, .dhondt) == [4, 2, 1])
        #expect(try seats(units(Self.votes), 7, .sainteLague) == [3, 2, 2])
        #expect(try seats(units(Self.votes), 7, .modifiedSainteLague) == [3, 2, 2])
        #expect(try seats(units(Self.votes), 7, .largestRemainder) == [4, 2, 1])
    }

    // D'Hondt example of the D'Hondt article (Wikipedia, "D'Hondt method"): 100 000 / 80 000 / 30 000 /
    // 20 000 votes, 8 seats → 4 / 3 / 1 / 0. Quotients: A 100000 50000 33333 25000 20000,
    // B 80000 40000 26667 20000, C 30000 15000, D 20000. With a 9th seat the next quotient, 20000,
    // is shared by A (5th seat), B (4th) and D (1st): a three-way tie for one seat; input order gives it to A.
    @Test func dhondtWithThreeWayTie() throws {
        let u = units([("A", "100000"), ("B", "80000"), ("C", "30000"), ("D", "20000")])
        #expect(try seats(u, 8, .dhondt) == [4, 3, 1, 0])
        #expect(try solve(u, 8, .dhondt).ties.isEmpty)
        let r = try solve(u, 9, .dhondt)
        #expect(r.seatsByUnit == [5, 3, 1, 0])
        #expect(r.ties.count == 1)
        #expect(r.ties.first?.units == ["A", "B", "D"])
        #expect(r.ties.first?.seats == 1)
        #expect(r.ties.first?.winners == ["A"])
        #expect(errorDescription { _ = try solve(u, 9, .dhondt, ties: .fail) }
            == "tie: A, B, D tie for 1 seat (dhondt, 9 seats); choose the tie rule order or lot[:SEED] (--ties for apportion, ties = ... in a scenario)")
        #expect(ReferenceApportionment.apportion(u, seats: 9, method: .dhondt)
            == .allocation([5, 3, 1, 0], tie: RefTie(units: [0, 1, 3], seats: 1, winners: [0])))
    }

    // MARK: 1790 census: Hamilton (vetoed bill, 120 seats) against Jefferson (Act of 1792, 105 seats)

    // Apportionment populations of the 1790 census (total 3 615 920), as tabulated e.g. in COMAP,
    // "For All Practical Purposes", ch. 14 (Example 6, Table 14.5). Hamilton with 120 seats is the
    // bill Washington vetoed (National Archives, "The 1790 Census and the First Veto": NH 5, MA 16,
    // VT 3, RI 2, CT 8, NY 11, NJ 6, PA 14, DE 2, MD 9, VA 21, KY 2, NC 12, SC 7, GA 2); the standard
    // divisor is 30 132.67 and the lower quotas sum to 111, the 9 largest fractions (NJ .959, VA .926,
    // CT .860, SC .844, DE .843, VT .839, MA .774, NC .732, NH .707) get one more seat each.
    // The Apportionment Act of 1792 used Jefferson's method with 105 seats and divisor 33 000:
    // ⌊population / 33 000⌋ = CT 7, DE 1, GA 2, KY 2, MD 8, MA 14, NH 4, NJ 5, NY 10, NC 10, PA 13,
    // RI 2, SC 6, VT 2, VA 19, which sums to 105. Hamilton with 105 seats instead gives VA 18 and DE 2
    // (quota of VA 18.31, fraction .31 loses; DE 1.61 wins).
    static let census1790 = [
        ("CT", "236841"), ("DE", "55540"), ("GA", "70835"), ("KY", "68705"), ("MD", "278514"),
        ("MA", "475327"), ("NH", "141822"), ("NJ", "179570"), ("NY", "331589"), ("NC", "353523"),
        ("PA", "432879"), ("RI", "68446"), ("SC", "206236"), ("VT", "85533"), ("VA", "630560"),
    ]

    @Test func hamiltonAndJefferson1790() throws {
        let u = units(Self.census1790)
        let hamilton120 = try seats(u, 120, .largestRemainder)
        #expect(Dictionary(uniqueKeysWithValues: zip(u.map(\.id), hamilton120)) == [
            "NH": 5, "MA": 16, "VT": 3, "RI": 2, "CT": 8, "NY": 11, "NJ": 6, "PA": 14, "DE": 2, "MD": 9,
            "VA": 21, "KY": 2, "NC": 12, "SC": 7, "GA": 2,
        ])
        let jefferson105 = try seats(u, 105, .dhondt)
        #expect(jefferson105 == [7, 1, 2, 2, 8, 14, 4, 5, 10, 10, 13, 2, 6, 2, 19])
        #expect(jefferson105 == Self.census1790.map { Int($0.1)! / 33000 })
        let hamilton105 = try seats(u, 105, .largestRemainder)
        #expect(hamilton105 == [7, 2, 2, 2, 8, 14, 4, 5, 10, 10, 13, 2, 6, 2, 18])
        let r = try solve(u, 105, .dhondt)
        if let range = r.divisorRange { #expect(range.low < 33000 && 33000 < range.high) }
    }

    // MARK: Alabama paradox

    // The smallest textbook form of the paradox (cf. Balinski & Young, "Fair Representation", ch. 5;
    // historically Alabama lost a seat going from 299 to 300 seats with the 1880 census).
    // Populations 6, 6, 2 (W = 14):
    //   h = 10: quotas 4.286, 4.286, 1.429 → floors 4+4+1 = 9, 1 seat to the largest fraction .429 C → 4 / 4 / 2
    //   h = 11: quotas 4.714, 4.714, 1.571 → floors 9, 2 seats to .714 A and .714 B           → 5 / 5 / 1
    // C loses a seat although the house grew. A divisor method cannot do this; Sainte-Laguë
    // (÷1,3,5,…): A = B = 6, 2, 1.2, 0.857, 0.667, 0.545; C = 2, 0.667, 0.4.
    //   Sorted: 6 6 | 2 2 2 | 1.2 1.2 | .857 .857 | .667 .667 .667 | .545 .545 | …
    //   h = 9  → 4 / 4 / 1 (next .667 ≠ .857: no tie);  h = 12 → 5 / 5 / 2 (next .545: no tie).
    //   h = 10 (and 11) fall inside the three-way tie at .667 (A's 5th, B's 5th, C's 2nd seat):
    //   at h = 10 the three contend for 1 seat, input order gives it to A → 5 / 4 / 1.
    @Test func alabamaParadox() throws {
        let u = units([("A", "6"), ("B", "6"), ("C", "2")])
        #expect(try seats(u, 10, .largestRemainder) == [4, 4, 2])
        #expect(try seats(u, 11, .largestRemainder) == [5, 5, 1])
        #expect(try seats(u, 9, .sainteLague) == [4, 4, 1])
        #expect(try seats(u, 12, .sainteLague) == [5, 5, 2])
        let tied = try solve(u, 10, .sainteLague)
        #expect(tied.seatsByUnit == [5, 4, 1])
        #expect(tied.ties.first?.units == ["A", "B", "C"])
        #expect(tied.ties.first?.seats == 1)
    }

    // MARK: Huntington-Hill, Adams, Dean — one case that separates the divisor methods

    // Weights 100 / 500 / 2100, 8 seats, solved by hand:
    //   D'Hondt: C 2100 1050 700 525 420 350 300 262.5, B 500 250, A 100
    //     top 8: 2100 1050 700 525 500B 420 350 300 → 0 / 1 / 7 (9th: 262.5 C > 250 B)
    //   Sainte-Laguë: C 4200 1400 840 600 466.7 381.8 323.1, B 1000 333.3, A 200
    //     top 8: 4200 1400 1000B 840 600 466.7 381.8 333.3B → 0 / 2 / 6 (9th: 323.1 C)
    //   Adams (s(n) = n, first seats free): 1 / 1 / 1, then C 2100 1050 700 525 420, B 500 250, A 100
    //     5 more: 2100 1050 700 525 500B → 1 / 2 / 5 (next: 420 C)
    //   Huntington-Hill (s(n) = √(n(n+1)), first seats free): 1 / 1 / 1, then
    //     C 2100/√2 = 1484.9, /√6 = 857.3, /√12 = 606.2, /√20 = 469.6, /√30 = 383.4, /√42 = 324.0;
    //     B 500/√2 = 353.6; A 100/√2 = 70.7 → 5 more: all C → 1 / 1 / 6 (next: 353.6 B)
    //   Dean (s(n) = 2n(n+1)/(2n+1): 0, 4/3, 12/5, 24/7, 40/9, 60/11): 1 / 1 / 1, then
    //     C 1575 875 612.5 472.5 385, B 375, A 75 → 5 more: all C → 1 / 1 / 6
    //     (next: 375 B; C's 7th seat would have 2100/(84/13) = 325)
    @Test func divisorMethodsSeparate() throws {
        let u = units([("A", "100"), ("B", "500"), ("C", "2100")])
        #expect(try seats(u, 8, .dhondt) == [0, 1, 7])
        #expect(try seats(u, 8, .sainteLague) == [0, 2, 6])
        #expect(try seats(u, 8, .adams) == [1, 2, 5])
        #expect(try seats(u, 8, .huntingtonHill) == [1, 1, 6])
        #expect(try seats(u, 8, .dean) == [1, 1, 6])
        // Adams with fewer seats than units: every first seat has infinite priority, so 3 units
        // tie for 2 seats; input order gives them to A and B.
        let r = try solve(u, 2, .adams)
        #expect(r.seatsByUnit == [1, 1, 0])
        #expect(r.ties.first?.units == ["A", "B", "C"])
        #expect(r.ties.first?.seats == 2)
        #expect(r.ties.first?.winners == ["A", "B"])
    }

    // MARK: Floors and caps

    // 53000/24000/23000, 7 seats, with A capped at 3:
    //   D'Hondt: 53000A 26500A 24000B 23000C 17667A (A full) 12000B 11500C → 3 / 2 / 2
    //   Hamilton: λ with 3 + 47000·λ = 7 → λ = 4/47000; A's 53000·λ = 4.51 > 3 stays clamped;
    //     B 96/47 = 2.043, C 92/47 = 1.957 → floors 3 + 2 + 1 = 6, the last seat to C (.957) → 3 / 2 / 2
    // and with a floor of 3 for C instead: 4 seats from C = 3: 53000A 26500A 24000B 17667A → 3 / 1 / 3
    //   (next: 13250 A, 12000 B, C 23000/4 = 5750).
    @Test func restrictedMethods() throws {
        let capped = units(Self.votes, max: ["A": 3])
        #expect(try seats(capped, 7, .dhondt) == [3, 2, 2])
        #expect(try seats(capped, 7, .largestRemainder) == [3, 2, 2])
        let r = try solve(capped, 7, .largestRemainder)
        #expect(r.restrictedQuotas?.map(\.description) == ["3", "96/47", "92/47"])
        #expect(r.bounds == [.atMaximum, .free, .free])
        #expect(try seats(units(Self.votes, min: ["C": 3]), 7, .dhondt) == [3, 1, 3])
    }

    // MARK: Biproportional, 2 × 2, Sainte-Laguë

    // Solved by hand. Weights (rows r1, r2; columns c1, c2): [[530, 470], [250, 750]],
    // row totals 7, 5; column totals 4, 8.
    // Row by row Sainte-Laguë would give r1: 4 / 3 and r2: 1 / 4, column sums 5 / 7 ≠ 4 / 8, so the
    // column divisors must move a seat from c1 to c2 in row 1. Claimed answer [[3, 4], [1, 4]] with
    // row divisors ρ = (160, 250) and column divisors γ = (1, 0.75):
    //   530 / 160 = 3.3125 → 3    470 / (160·0.75 = 120)   = 3.917 → 4
    //   250 / 250 = 1.0    → 1    750 / (250·0.75 = 187.5) = 4.0   → 4
    // Every quotient rounds (standard rounding) to the claimed seat and none sits at a .5 signpost,
    // so the apportionment is the unique biproportional one; margins 3+4 = 7, 1+4 = 5, 3+1 = 4, 4+4 = 8.
    // (Next best by the objective: [[2, 5], [2, 3]].)
    @Test func biproportionalTwoByTwo() throws {
        let cells = [("r1", "c1", "530"), ("r1", "c2", "470"), ("r2", "c1", "250"), ("r2", "c2", "750")]
            .map { BiproportionalCell(row: $0.0, column: $0.1, weight: ExactDecimal($0.2)!) }
        let problem = BiproportionalProblem(cells: cells, rowTotals: [("r1", 7), ("r2", 5)],
                                            columnTotals: [("c1", 4), ("c2", 8)], method: .sainteLague)
        let r = try Biproportional.apportion(problem)
        #expect(r.seats == [[3, 4], [1, 4]])
        #expect(r.ties.isEmpty)
        let ref = ReferenceBiproportional.solve(RefBiCase(
            weights: [["530", "470"], ["250", "750"]], mins: [[0, 0], [0, 0]], maxs: [[nil, nil], [nil, nil]],
            rowTotals: [7, 5], columnTotals: [4, 8], method: .sainteLague))
        #expect(ref?.optima == [[[3, 4], [1, 4]]])
    }

    // MARK: Infeasible, with the exact error text

    @Test func infeasibleTexts() throws {
        let floors = units([("A", "1"), ("B", "1")], min: ["A": 3, "B": 2])
        #expect(errorDescription { _ = try solve(floors, 4, .sainteLague) }
            == "infeasible: the floors add up to 5 places but only 4 are to be allocated: 1 too many; floors: A (min 3), B (min 2)")
        let caps = units([("A", "1"), ("B", "1")], max: ["A": 1, "B": 1])
        #expect(errorDescription { _ = try solve(caps, 3, .dhondt) }
            == "infeasible: the caps allow at most 2 places but 3 are to be allocated: 1 short; caps: A (max 1), B (max 1)")
        let zero = units([("A", "0"), ("B", "0")])
        #expect(errorDescription { _ = try solve(zero, 1, .largestRemainder) }
            == "infeasible: all weights are zero, so no unit can receive places beyond its floor; 1 of 1 places cannot be allocated")
        #expect(ReferenceApportionment.apportion(floors, seats: 4, method: .sainteLague) == .infeasible)
        #expect(ReferenceApportionment.apportion(caps, seats: 3, method: .dhondt) == .infeasible)
        #expect(ReferenceApportionment.apportion(zero, seats: 1, method: .largestRemainder) == .infeasible)
    }
}
