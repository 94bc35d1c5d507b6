/// The example `dimensionering apportion` runs without --input: the 9,000 SOSU places of 2023
/// apportioned among the 5 KKR by the shares of the published 2023 table (hjælper + assistent).
public enum EmbeddedExample {
    public static let seats = 9000
    public static let units: [ApportionmentUnit] = [
        ("Hovedstaden", 849 + 1776), ("Sjælland", 474 + 955), ("Syddanmark", 696 + 1328),
        ("Midtjylland", 668 + 1303), ("Nordjylland", 313 + 635),
    ].map { ApportionmentUnit(id: $0.0, weight: ExactDecimal($0.1)) }
}

extension ApportionmentResult {
    /// `id,seats` lines, as `apportion.mod` prints them.
    public func csvForGlpsol() -> String {
        zip(ids, seatsByUnit).map { "\($0),\($1)\n" }.joined()
    }
}

extension BiproportionalResult {
    /// `row,column,seats` lines for the cells of the input, as `biproportional.mod` prints them.
    public func csvForGlpsol(_ problem: BiproportionalProblem) -> String {
        let ri = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        let ci = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        return problem.cells.map { "\($0.row),\($0.column),\(seats[ri[$0.row]!][ci[$0.column]!])\n" }.joined()
    }
}
