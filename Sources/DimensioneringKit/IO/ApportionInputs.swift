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
        return try nonEmpty(table, table.rows.map { row in
            let id = try row.string("id")
            try unique(id, "id", "id '\(id)'", row, table, &seen)
            let (min, max) = try bounds(row, table, "'\(id)'")
            return ApportionmentUnit(id: id, weight: try exactDecimal(row, "weight", table.file), min: min, max: max)
        })
    }

    /// `cells.csv`: header `row,column,weight` with optional `min,max`.
    public static func cells(path: String) throws -> [BiproportionalCell] {
        let table = try CSVTable.read(path: path)
        try table.requireColumns(["row", "column", "weight"], optional: ["min", "max"])
        var seen: [String: Int] = [:]
        return try nonEmpty(table, table.rows.map { row in
            let r = try row.string("row"), c = try row.string("column")
            try unique(r + "\u{1F}" + c, "column", "cell (\(r), \(c))", row, table, &seen)
            let (min, max) = try bounds(row, table, "cell (\(r), \(c))")
            return BiproportionalCell(row: r, column: c, weight: try exactDecimal(row, "weight", table.file), min: min, max: max)
        })
    }

    /// Totals files: header `id,seats`.
    public static func totals(path: String) throws -> [(id: String, seats: Int)] {
        let table = try CSVTable.read(path: path)
        try table.requireColumns(["id", "seats"])
        var seen: [String: Int] = [:]
        var result: [(id: String, seats: Int)] = []
        for row in table.rows {
            let id = try row.string("id")
            try unique(id, "id", "id '\(id)'", row, table, &seen)
            let seats = try row.int("seats")
            if seats > ApportionmentProblem.maximumSeats {
                throw DimensioneringError.badData(SourceLocation(file: table.file, line: row.line, field: "seats"),
                                                  "\(seats) is more than the \(ApportionmentProblem.maximumSeats) seats supported")
            }
            result.append((id, seats))
        }
        return try nonEmpty(table, result)
    }

    static func unique(_ key: String, _ field: String, _ what: String, _ row: CSVRow, _ table: CSVTable,
                       _ seen: inout [String: Int]) throws {
        if let first = seen[key] {
            throw DimensioneringError.badData(SourceLocation(file: table.file, line: row.line, field: field),
                                              "duplicate \(what) (first on line \(first))")
        }
        seen[key] = row.line
    }

    /// Optional `min` (default 0) and `max` columns; a cap below the floor is an error on its line.
    static func bounds(_ row: CSVRow, _ table: CSVTable, _ what: String) throws -> (Int, Int?) {
        let min = try row.optionalInt("min") ?? 0
        // A floor above the largest supported number of seats can never be met; refusing it here
        // also keeps sums of floors far from Int overflow (the engine adds them up).
        if min > ApportionmentProblem.maximumSeats {
            throw DimensioneringError.badData(SourceLocation(file: table.file, line: row.line, field: "min"),
                                              "floor \(min) is more than the \(ApportionmentProblem.maximumSeats) seats supported")
        }
        let max = try row.optionalInt("max")
        if let max, max < min {
            throw DimensioneringError.badData(SourceLocation(file: table.file, line: row.line, field: "max"),
                                              "cap \(max) is below the floor \(min) of \(what)")
        }
        return (min, max)
    }

    static func nonEmpty<T>(_ table: CSVTable, _ rows: [T]) throws -> [T] {
        guard !rows.isEmpty else {
            throw DimensioneringError.badData(SourceLocation(file: table.file, line: table.headerLine), "no rows after the header")
        }
        return rows
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
