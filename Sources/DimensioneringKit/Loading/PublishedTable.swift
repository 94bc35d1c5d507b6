import Foundation

/// A published allocation read for `check`: rows of unit label and places, optionally per
/// education and year; rows named "Hele landet" or "I alt" are printed totals.
public struct PublishedTable: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var places: Int
        public var education: String?
        public var year: String?
        public var location: SourceLocation
        public var isTotal: Bool
    }
    /// The file as the user named it.
    public var file: String
    public var rows: [Row]

    static let totalLabels: Set<String> = ["hele landet", "i alt", "total", "dk", "landet", "danmark"]

    public static func read(path: String) throws -> PublishedTable {
        var t = try CSVTable.read(path: path)
        let shown = path
        t.file = shown
        for i in t.rows.indices { t.rows[i].file = shown }
        return try parse(t)
    }

    public static func parse(_ t: CSVTable) throws -> PublishedTable {
        let codeCol = t.hasColumn("code") ? "code" : t.hasColumn("id") ? "id" : nil
        let placesCol = t.hasColumn("places") ? "places" : t.hasColumn("seats") ? "seats" : nil
        guard let codeCol, let placesCol else {
            throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: nil),
                "a published allocation needs columns code,places (or id,seats), optionally education and year; columns: \(t.header.joined(separator: ", "))")
        }
        var rows: [Row] = []
        for row in t.rows {
            let label = try row.string(codeCol).trimmingBlanks()
            rows.append(Row(label: label, places: try row.int(placesCol),
                            education: t.hasColumn("education") ? try row.string("education").trimmingBlanks() : nil,
                            year: t.hasColumn("year") ? try row.string("year").trimmingBlanks() : nil,
                            location: row.location(codeCol), isTotal: totalLabels.contains(label.lowercased())))
        }
        guard rows.contains(where: { !$0.isTotal }) else {
            throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: codeCol),
                                              "the published table has no rows to compare (only a header or totals)")
        }
        return PublishedTable(file: t.file, rows: rows)
    }
}
