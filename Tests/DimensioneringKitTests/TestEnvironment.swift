import Foundation

/// How much the generated and long tests do. The everyday `swift test` runs a smaller but still
/// meaningful size of each; `DIMENSIONERING_EXHAUSTIVE=1` (set by `.ci/run`) runs the full sizes.
enum TestEnvironment {
    static let variables = ProcessInfo.processInfo.environment
    static var isCI: Bool { ["1", "true"].contains(variables["CI"]?.lowercased() ?? "") }
    static var isExhaustive: Bool { variables["DIMENSIONERING_EXHAUSTIVE"] == "1" }

    /// `everyday` normally, `exhaustive` under `DIMENSIONERING_EXHAUSTIVE=1`.
    static func size(everyday: Int, exhaustive: Int) -> Int { isExhaustive ? exhaustive : everyday }
}
