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

/// MathProg names for the ids of one set. An id that is plain printable ASCII without `"`, `\\`
/// or `,` and at most 100 bytes (MathProg's symbol limit) is its own symbol; any other id (longer,
/// non-ASCII, quotes, backslashes, commas that would split glpsol's CSV output, control
/// characters) becomes `id1`, `id2`, … (skipping any name another id already has), and the
/// original is kept as data in `names.csv`.
public struct MathProgSymbols: Sendable {
    public let symbols: [String]
    /// The ids that were given another symbol, in input order.
    public let renamed: [(symbol: String, id: String)]
    private let byID: [String: String]

    public init(_ ids: [String]) {
        var used = Set(ids.filter(Self.isPlain))
        var symbols: [String] = [], renamed: [(symbol: String, id: String)] = []
        var n = 0
        for id in ids {
            if Self.isPlain(id) { symbols.append(id); continue }
            var s: String
            repeat { n += 1; s = "id\(n)" } while used.contains(s)
            used.insert(s)
            symbols.append(s)
            renamed.append((s, id))
        }
        self.symbols = symbols
        self.renamed = renamed
        byID = Dictionary(zip(ids, symbols), uniquingKeysWith: { a, _ in a })
    }

    public static func isPlain(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= ModelExport.maximumSymbolBytes
            && id.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != 0x22 && $0 != 0x5C && $0 != 0x2C }
    }

    /// The symbol of `id`.
    public subscript(id: String) -> String { byID[id] ?? id }

    /// The symbol of `id` as a MathProg string literal.
    func quoted(_ id: String) -> String { "\"" + self[id] + "\"" }
}

/// Writes a model and a data file such that `glpsol -m MODEL -d DATA -y OUT` reproduces an allocation.
///
/// The set of files is built as `[file name: text]` (`apportionFiles`, `biproportionalFiles`) and
/// written by `write(_:to:inputs:)`, which replaces the directory whole through `AtomicFile`.
public enum ModelExport {
    /// The longest symbol glpsol reads, in bytes of UTF-8 (MathProg counts bytes, not characters).
    public static let maximumSymbolBytes = 100

    /// Every name an export writes, and `allocation.csv`, which README.txt has glpsol write into
    /// the directory: a directory holding only these is an earlier export and may be replaced.
    public static let fileNames: Set<String> = [
        "apportion.mod", "apportion.dat", "biproportional.mod", "biproportional.dat",
        "expected.csv", "README.txt", "names.csv", "allocation.csv",
    ]

    /// apportion.mod, apportion.dat, expected.csv (as glpsol prints it), README.txt and, when an
    /// id needed another symbol, names.csv.
    public static func apportionFiles(_ r: ApportionmentResult) throws -> [String: String] {
        let sym = MathProgSymbols(r.ids)
        let expected = zip(sym.symbols, r.seatsByUnit).map { "\($0),\($1)\n" }.joined()
        return try files(model: "apportion", data: apportionData(r, symbols: sym), expected: expected,
                         names: sym.renamed.map { ("U", $0.symbol, $0.id) })
    }

    public static func biproportionalFiles(_ problem: BiproportionalProblem, _ r: BiproportionalResult) throws -> [String: String] {
        let rows = MathProgSymbols(r.rows), cols = MathProgSymbols(r.columns)
        let ri = Dictionary(uniqueKeysWithValues: r.rows.enumerated().map { ($1, $0) })
        let ci = Dictionary(uniqueKeysWithValues: r.columns.enumerated().map { ($1, $0) })
        let expected = problem.cells.map { "\(rows[$0.row]),\(cols[$0.column]),\(r.seats[ri[$0.row]!][ci[$0.column]!])\n" }.joined()
        return try files(model: "biproportional", data: biproportionalData(problem, r, rows: rows, columns: cols), expected: expected,
                         names: rows.renamed.map { ("ROWS", $0.symbol, $0.id) } + cols.renamed.map { ("COLS", $0.symbol, $0.id) })
    }

    static func files(model: String, data: String, expected: String, names: [(String, String, String)]) throws -> [String: String] {
        var readme = """
            Reproduce this allocation with stock GLPK:

                glpsol -m \(model).mod -d \(model).dat -y allocation.csv

            allocation.csv then equals expected.csv (glpsol's own log goes to the terminal).

            """
        var out = ["\(model).mod": try MathProgModels.text(model), "\(model).dat": data, "expected.csv": expected]
        if !names.isEmpty {
            readme += """
                Ids that are not plain ASCII symbols of at most 100 bytes (MathProg's limit) are
                written as id1, id2, ...; names.csv (set,symbol,id) gives each one's original id.

                """
            out["names.csv"] = "set,symbol,id\n" + names.map { "\($0.0),\($0.1),\(csvField($0.2))\n" }.joined()
        }
        out["README.txt"] = readme
        return out
    }

    static func csvField(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Writes `files` as the whole content of `directory`: an earlier export there is replaced
    /// whole or not at all (`AtomicFile.replaceDirectory`); a directory holding anything else, or
    /// one of `inputs`, is refused (exit 73).
    public static func write(_ files: [String: String], to directory: String, inputs: [String] = TextDecoding.filesRead) throws {
        try AtomicFile.replaceDirectory(directory, with: files.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) },
                                        replaceable: fileNames, inputs: inputs)
    }

    /// Writes MODEL.mod, MODEL.dat, expected.csv and README.txt into `directory`.
    public static func write(model: String, data: String, expected: String, to directory: String) throws {
        try write(files(model: model, data: data, expected: expected, names: []), to: directory)
    }

    /// The data file for `apportion.mod`. The search window of each unit is [x−2, x+2] within its
    /// bounds; the engine's exact certificate proves the optimum over the full range is inside it.
    /// Seats decided by a tie rule are pinned with `from`/`to`, since glpsol would pick any of them.
    public static func apportionData(_ r: ApportionmentResult) throws -> String {
        try apportionData(r, symbols: MathProgSymbols(r.ids))
    }

    static func apportionData(_ r: ApportionmentResult, symbols sym: MathProgSymbols) throws -> String {
        var out = "/* Data for apportion.mod, written by dimensionering.\n"
        out += "   \(r.method.rawValue), \(r.seats) seat\(r.seats == 1 ? "" : "s"), \(r.ids.count) unit\(r.ids.count == 1 ? "" : "s"), tie rule \(r.tieRule).\n"
        out += "   from/to narrow the seats searched to x-2..x+2 (the engine's certificate shows the optimum\n"
        out += "   lies inside); delete both to solve the full model between floors and caps, more slowly. */\n"
        if !sym.renamed.isEmpty {
            out += "/* \(sym.renamed.count) id\(sym.renamed.count == 1 ? " is" : "s are") written as id1, id2, ...; names.csv gives the originals. */\n"
        }
        if !r.ties.isEmpty {
            out += "/* Ties decided by the rule \(r.tieRule) are pinned with from/to:\n"
            for t in r.ties {
                out += "   \(t.units.map { sym[$0] }.joined(separator: ", ")) tie for \(t.seats) seat\(t.seats == 1 ? "" : "s"); winners \(t.winners.map { sym[$0] }.joined(separator: ", "))\n"
            }
            out += "*/\n"
        }
        out += "data;\n"
        out += "param method := \"\(r.method.rawValue)\";\n"
        out += "param seats := \(r.seats);\n"
        let q = r.ids.map(sym.quoted)
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
        try biproportionalData(problem, r, rows: MathProgSymbols(r.rows), columns: MathProgSymbols(r.columns))
    }

    static func biproportionalData(_ problem: BiproportionalProblem, _ r: BiproportionalResult,
                                   rows: MathProgSymbols, columns: MathProgSymbols) throws -> String {
        func rq(_ id: String) -> String { rows.quoted(id) }
        func cq(_ id: String) -> String { columns.quoted(id) }
        var out = "/* Data for biproportional.mod, written by dimensionering.\n"
        out += "   \(r.method.rawValue), \(r.total) seat\(r.total == 1 ? "" : "s"), \(r.rows.count) row\(r.rows.count == 1 ? "" : "s") x \(r.columns.count) column\(r.columns.count == 1 ? "" : "s").\n"
        out += "   from/to narrow the seats searched to x-2..x+2; delete both to solve the full model. */\n"
        let renamed = rows.renamed.count + columns.renamed.count
        if renamed > 0 {
            out += "/* \(renamed) id\(renamed == 1 ? " is" : "s are") written as id1, id2, ...; names.csv gives the originals. */\n"
        }
        if !r.ties.isEmpty {
            // Tie units are "row/column" cells: named by their symbols.
            var cellName: [String: String] = [:]
            for c in problem.cells { cellName["\(c.row)/\(c.column)"] = "\(rows[c.row])/\(columns[c.column])" }
            out += "/* Ties decided by the rule are pinned with from/to:\n"
            for t in r.ties {
                out += "   \(t.units.map { cellName[$0] ?? "?" }.joined(separator: ", ")) tie for \(t.seats) seat\(t.seats == 1 ? "" : "s"); winners \(t.winners.map { cellName[$0] ?? "?" }.joined(separator: ", "))\n"
            }
            out += "*/\n"
        }
        let rowIndex = Dictionary(uniqueKeysWithValues: r.rows.enumerated().map { ($1, $0) })
        let colIndex = Dictionary(uniqueKeysWithValues: r.columns.enumerated().map { ($1, $0) })
        let tied = Set(r.ties.flatMap(\.units))
        out += "data;\n"
        out += "param method := \"\(r.method.rawValue)\";\n"
        out += "set ROWS :=" + r.rows.map { " " + rq($0) }.joined() + ";\n"
        out += "set COLS :=" + r.columns.map { " " + cq($0) }.joined() + ";\n"
        out += "param rowtotal :=\n" + problem.rowTotals.map { "  \(rq($0.id)) \($0.seats)" }.joined(separator: "\n") + ";\n"
        out += "param coltotal :=\n" + problem.columnTotals.map { "  \(cq($0.id)) \($0.seats)" }.joined(separator: "\n") + ";\n"
        var cells: [String] = [], w: [String] = [], lo: [String] = [], hi: [String] = [], from: [String] = [], to: [String] = []
        for cell in problem.cells {
            let key = "\(rq(cell.row)) \(cq(cell.column))"
            cells.append("(\(rq(cell.row)), \(cq(cell.column)))")
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
}
