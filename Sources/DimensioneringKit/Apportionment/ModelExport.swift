import Foundation

/// The GNU MathProg models shipped with the program (the files in `Models/`).
public enum MathProgModels {
    public static func url(_ name: String) throws -> URL {
        let candidates = [
            Bundle.module.url(forResource: name, withExtension: "mod", subdirectory: "Resources/Models"),
            Bundle.module.url(forResource: name, withExtension: "mod", subdirectory: "Models"),
            Bundle.module.url(forResource: name, withExtension: "mod"),
        ]
        guard let url = candidates.compactMap({ $0 }).first else {
            throw DimensioneringError.internalError("the model \(name).mod is missing from the program's resources")
        }
        return url
    }

    public static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }
}

/// Writes a model and a data file such that `glpsol -m MODEL -d DATA -y OUT` reproduces an allocation.
public enum ModelExport {
    /// The longest symbol glpsol reads, in bytes of UTF-8 (MathProg counts bytes, not characters).
    public static let maximumSymbolBytes = 100

    /// MathProg string literal: double quotes, an embedded quote doubled. Ids glpsol cannot read
    /// back (over 100 bytes of UTF-8, or with a control character such as a newline or NUL) are
    /// refused, so that an exported model always reproduces the result.
    static func quote(_ s: String) throws -> String {
        if let c = CSVRow.firstControlCharacter(s) {
            throw DimensioneringError.usage("--export-model: the id '\(s)' contains the control character \(c), which a MathProg model cannot hold; rename it or leave out --export-model")
        }
        guard s.utf8.count <= maximumSymbolBytes else {
            throw DimensioneringError.usage("--export-model: the id '\(s)' is \(s.utf8.count) bytes of UTF-8; MathProg accepts at most \(maximumSymbolBytes) bytes in a symbol, so shorten it or leave out --export-model")
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The data file for `apportion.mod`. The search window of each unit is [x−2, x+2] within its
    /// bounds; the engine's exact certificate proves the optimum over the full range is inside it.
    /// Seats decided by a tie rule are pinned with `from`/`to`, since glpsol would pick any of them.
    public static func apportionData(_ r: ApportionmentResult) throws -> String {
        var out = "/* Data for apportion.mod, written by dimensionering.\n"
        out += "   \(r.method.rawValue), \(r.seats) seat\(r.seats == 1 ? "" : "s"), \(r.ids.count) unit\(r.ids.count == 1 ? "" : "s"), tie rule \(r.tieRule).\n"
        out += "   from/to narrow the seats searched to x-2..x+2 (the engine's certificate shows the optimum\n"
        out += "   lies inside); delete both to solve the full model between floors and caps, more slowly. */\n"
        if !r.ties.isEmpty {
            out += "/* Ties decided by the rule \(r.tieRule) are pinned with from/to:\n"
            for t in r.ties { out += "   \(t.description)\n" }
            out += "*/\n"
        }
        out += "data;\n"
        out += "param method := \"\(r.method.rawValue)\";\n"
        out += "param seats := \(r.seats);\n"
        let q = try r.ids.map(quote)
        out += "set U :=" + q.map { " " + $0 }.joined() + ";\n"
        out += "param w :=\n" + zip(q, r.weights).map { "  \($0) \($1.text)" }.joined(separator: "\n") + ";\n"
        if r.minimums.contains(where: { $0 > 0 }) {
            out += "param lo :=\n" + r.ids.indices.filter { r.minimums[$0] > 0 }.map { "  \(q[$0]) \(r.minimums[$0])" }.joined(separator: "\n") + ";\n"
        }
        if r.maximums.contains(where: { $0 != nil }) {
            out += "param hi :=\n" + r.ids.indices.compactMap { i in r.maximums[i].map { "  \(q[i]) \(Swift.max($0, r.minimums[i]))" } }.joined(separator: "\n") + ";\n"
        }
        let tied = Set(r.ties.flatMap(\.units))
        var from: [String] = [], to: [String] = []
        for i in r.ids.indices {
            let x = r.seatsByUnit[i]
            let cap = Swift.min(r.maximums[i] ?? r.seats, r.seats)
            var a = Swift.max(r.minimums[i], x - 2), b = r.weights[i].isZero ? a : Swift.max(a, Swift.min(cap, x + 2))
            if tied.contains(r.ids[i]) { a = x; b = x }
            from.append("  \(q[i]) \(a)")
            to.append("  \(q[i]) \(b)")
        }
        out += "param from :=\n" + from.joined(separator: "\n") + ";\n"
        out += "param to :=\n" + to.joined(separator: "\n") + ";\n"
        if let rq = r.restrictedQuotas, r.minimums.contains(where: { $0 > 0 }) || r.maximums.contains(where: { $0 != nil }) {
            out += "/* Largest remainder under floors and caps: the quota lambda*w clamped to [lo, hi]. */\n"
            out += "param quota :=\n" + zip(q, rq).map { "  \($0) \($1.decimalString(places: 12))" }.joined(separator: "\n") + ";\n"
        }
        out += "end;\n"
        return out
    }

    public static func biproportionalData(_ problem: BiproportionalProblem, _ r: BiproportionalResult) throws -> String {
        var out = "/* Data for biproportional.mod, written by dimensionering.\n"
        out += "   \(r.method.rawValue), \(r.total) seat\(r.total == 1 ? "" : "s"), \(r.rows.count) row\(r.rows.count == 1 ? "" : "s") x \(r.columns.count) column\(r.columns.count == 1 ? "" : "s").\n"
        out += "   from/to narrow the seats searched to x-2..x+2; delete both to solve the full model. */\n"
        if !r.ties.isEmpty {
            out += "/* Ties decided by the rule are pinned with from/to:\n" + r.ties.map { "   \($0.description)\n" }.joined() + "*/\n"
        }
        let rowIndex = Dictionary(uniqueKeysWithValues: r.rows.enumerated().map { ($1, $0) })
        let colIndex = Dictionary(uniqueKeysWithValues: r.columns.enumerated().map { ($1, $0) })
        let tied = Set(r.ties.flatMap(\.units))
        out += "data;\n"
        out += "param method := \"\(r.method.rawValue)\";\n"
        out += "set ROWS :=" + (try r.rows.map { " " + (try quote($0)) }).joined() + ";\n"
        out += "set COLS :=" + (try r.columns.map { " " + (try quote($0)) }).joined() + ";\n"
        out += "param rowtotal :=\n" + (try problem.rowTotals.map { "  \(try quote($0.id)) \($0.seats)" }).joined(separator: "\n") + ";\n"
        out += "param coltotal :=\n" + (try problem.columnTotals.map { "  \(try quote($0.id)) \($0.seats)" }).joined(separator: "\n") + ";\n"
        var cells: [String] = [], w: [String] = [], lo: [String] = [], hi: [String] = [], from: [String] = [], to: [String] = []
        for cell in problem.cells {
            let key = "\(try quote(cell.row)) \(try quote(cell.column))"
            cells.append("(\(try quote(cell.row)), \(try quote(cell.column)))")
            w.append("  \(key) \(cell.weight.text)")
            if cell.min > 0 { lo.append("  \(key) \(cell.min)") }
            let ri = rowIndex[cell.row]!, ci = colIndex[cell.column]!
            let natural = Swift.min(problem.rowTotals[ri].seats, problem.columnTotals[ci].seats)
            let cap = Swift.max(cell.min, Swift.min(cell.max ?? natural, natural))
            if let mx = cell.max { hi.append("  \(key) \(Swift.max(Swift.min(mx, natural), cell.min))") }
            let x = r.seats[ri][ci]
            var a = Swift.max(cell.min, x - 2), b = cell.weight.isZero ? a : Swift.max(a, Swift.min(cap, x + 2))
            if tied.contains("\(cell.row)/\(cell.column)") { a = x; b = x }
            from.append("  \(key) \(a)")
            to.append("  \(key) \(b)")
        }
        out += "set CELLS :=\n  " + cells.joined(separator: "\n  ") + ";\n"
        out += "param w :=\n" + w.joined(separator: "\n") + ";\n"
        if !lo.isEmpty { out += "param lo :=\n" + lo.joined(separator: "\n") + ";\n" }
        if !hi.isEmpty { out += "param hi :=\n" + hi.joined(separator: "\n") + ";\n" }
        out += "param from :=\n" + from.joined(separator: "\n") + ";\n"
        out += "param to :=\n" + to.joined(separator: "\n") + ";\n"
        out += "end;\n"
        return out
    }

    /// Writes MODEL.mod, MODEL.dat, expected.csv and README.txt into `directory`.
    public static func write(model: String, data: String, expected: String, to directory: String) throws {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw DimensioneringError.cannotCreateOutput(path: directory, reason: error.localizedDescription)
        }
        let modelText = try MathProgModels.text(model)
        let dir = URL(fileURLWithPath: directory)
        let readme = """
            Reproduce this allocation with stock GLPK:

                glpsol -m \(model).mod -d \(model).dat -y allocation.csv

            allocation.csv then equals expected.csv (glpsol's own log goes to the terminal).

            """
        for (name, text) in [("\(model).mod", modelText), ("\(model).dat", data), ("expected.csv", expected), ("README.txt", readme)] {
            try AtomicFile.write(Data(text.utf8), to: dir.appendingPathComponent(name).path)
        }
    }
}
