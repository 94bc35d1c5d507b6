import BigInt
import Foundation

enum PlanMath {
    static func lcm(_ a: BigInt, _ b: BigInt) -> BigInt { a / a.greatestCommonDivisor(with: b) * b }

    /// Exact rationals as integer weights on a common denominator (the same proportions), for
    /// the engine. Beyond `ExactDecimal.maximumDigits` digits (far past any published
    /// precision) the weights keep 35 significant digits.
    static func integerWeights(_ values: [Rational]) -> [ExactDecimal] {
        var l = BigInt(1)
        for k in values { l = lcm(l, k.denominator) }
        var weights = values.map { $0.numerator * (l / $0.denominator) }
        if weights.contains(where: { $0.description.count > ExactDecimal.maximumDigits }) {
            let scale = BigInt(10).power(35)
            weights = values.map { $0.numerator * scale / $0.denominator }
        }
        return weights.map { ExactDecimal($0.description)! }
    }
}

