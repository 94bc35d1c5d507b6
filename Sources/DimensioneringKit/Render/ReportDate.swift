import Foundation

/// The date a report states and a workbook records, one rule for every format:
/// `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention) when set; a
/// value that is not such a number is refused, not ignored.
public enum ReportDate {
    public static func fromSourceDateEpoch(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date? {
        guard let raw = environment["SOURCE_DATE_EPOCH"]?.trimmingBlanks(), !raw.isEmpty else { return nil }
        guard let seconds = Int(raw), seconds > 0, seconds < 253_402_300_800 else {
            throw DimensioneringError.usage("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (got '\(raw)')")
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// "12. marts 2024" / "12 March 2024", in UTC so the same epoch gives the same text everywhere.
    public static func text(_ d: Date, _ lang: Language) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day], from: d)
        let da = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let m = (c.month ?? 1) - 1
        return lang.english ? "\(c.day ?? 1) \(en[m]) \(c.year ?? 1970)" : "\(c.day ?? 1). \(da[m]) \(c.year ?? 1970)"
    }
}
