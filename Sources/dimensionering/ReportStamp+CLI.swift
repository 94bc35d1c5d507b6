import DimensioneringKit
import Foundation

extension ReportStamp {
    /// The footer of a report: today (or SOURCE_DATE_EPOCH), this version, and a fingerprint of
    /// the scenario files, data files, --age-data and overrides.
    static func forReport(_ scenarios: [Scenario], overrides: [String], ageData: String?) throws -> ReportStamp {
        ReportStamp(generated: try ReportStamp.generatedDate(), version: Dimensionering.configuration.version,
                    inputHash: InputDigest.of(scenarios, overrides: overrides, ageData: ageData))
    }
}
