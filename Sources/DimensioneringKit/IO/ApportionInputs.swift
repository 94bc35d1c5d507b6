import Foundation

/// Reads the CSV inputs of `dimensionering apportion`.
public enum ApportionInputs {
    /// `weights.csv`: header `id,weight` with optional `min,max`.
    public static func units(path: String) throws -> [ApportionmentUnit] {
        let table = try CSVTable.read(path: path)
        return try units(table)
    }

    public static func units(_ table: CSVTable) throws -> [ApportionmentUnit] {
        try table.requireColumns(["id", "weight"], optional: ["min", "max"])
        var seen: [String: Int] = [:]
        var result: [ApportionmentUnit] = []
        for row in table.rows {
            let id = try row.string("id")
            if let first = seen[id] {
                throw DimensioneringError.badData(SourceLocation(file: table.file, line: row.line, field: "id"),
                                                  "duplicate id '\(id)' (first on line \(first))")
            }
            seen[id] = row.line
            let weight = try exactDecimal(row, "weight", table.file)
            let min = try row.optionalInt("min") ?? 0
            let max = try row.optionalInt("max")
            if let max, max < min {
                throw DimensioneringError.badData(SourceLocation(file: table.file, line: row.line, field: "max"),
                                                  "cap \(max) is below the floor \(min) of '\(id)'")
            }
            result.append(ApportionmentUnit(id: id, weight: weight, min: min, max: max))
        }
        guard !result.isEmpty else {
            throw DimensioneringError.badData(SourceLocation(file: table.file, line: table.headerLine), "no rows after the header")
        }
        return result
    }

    /// `cells.csv`: header `row,column,weight` with optional `min,max`.
    public static func cells(path: String) throws -> [BiproportionalCell] {
        let table = try CSVTable.read(path: path)
        try table.requireColumns(["row", "column", "weight"], optional: ["min", "max"])
        var seen: [String: Int] = [:]
        var result: [BiproportionalCell] = []
        for row in table.rows {
            let r = try row.string("row"), c = try row.string("column")
            let key = r + "\u{1F}" + c
            if let first = seen[key] {
                throw DimensioneringError.badData(SourceLocation(file: table.file, line: row.line, field: "column"),
                                                  "duplicate cell (\(r), \(c)) (first on line \(first))")
            }
            seen[key] = row.line
            let weight = try exactDecimal(row, "weight", table.file)
            let min = try row.optionalInt("min") ?? 0
            let max = try row.optionalInt("max")
            if let max, max < min {
                throw DimensioneringError.badData(SourceLocation(file: table.file, line: row.line, field: "max"),
                                                  "cap \(max) is below the floor \(min) of cell (\(r), \(c))")
            }
            result.append(BiproportionalCell(row: r, column: c, weight: weight, min: min, max: max))
        }
        guard !result.isEmpty else {
            throw DimensioneringError.badData(SourceLocation(file: table.file, line: table.headerLine), "no rows after the header")
        }
        return result
    }

    /// Totals files: header `id,seats`.
    public static func totals(path: String) throws -> [(id: String, seats: Int)] {
        let table = try CSVTable.read(path: path)
        try table.requireColumns(["id", "seats"])
        var seen: [String: Int] = [:]
        var result: [(id: String, seats: Int)] = []
        for row in table.rows {
            let id = try row.string("id")
            if let first = seen[id] {
                throw DimensioneringError.badData(SourceLocation(file: table.file, line: row.line, field: "id"),
                                                  "duplicate id '\(id)' (first on line \(first))")
            }
            seen[id] = row.line
            let seats = try row.int("seats")
            if seats > ApportionmentProblem.maximumSeats {
                throw DimensioneringError.badData(SourceLocation(file: table.file, line: row.line, field: "seats"),
                                                  "\(seats) is more than the \(ApportionmentProblem.maximumSeats) seats supported")
            }
            result.append((id, seats))
        }
        guard !result.isEmpty else {
            throw DimensioneringError.badData(SourceLocation(file: table.file, line: table.headerLine), "no rows after the header")
        }
        return result
    }

    static func exactDecimal(_ row: CSVRow, _ field: String, _ file: String) throws -> ExactDecimal {
        let text = try row.decimal(field)
        guard let value = ExactDecimal(text) else {
            throw DimensioneringError.badData(SourceLocation(file: file, line: row.line, field: field),
                                              "'\(text)' is not a supported decimal number (at most \(ExactDecimal.maximumDigits) digits, exponent within ±40)")
        }
        return value
    }
}
