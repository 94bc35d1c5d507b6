import ArgumentParser
import DimensioneringKit
import Foundation

/// The scenario data a command plans: `--set`, `--age-data`, `--quarter`.
struct ScenarioInputOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario value, key=value (TOML), e.g. method=dhondt.", valueName: "key=value"))
    var sets: [String] = []
    @Option(name: .customLong("age-data"), help: ArgumentHelp("StatBank FOLK1A export (population by municipality and age) replacing the shipped 1 January 2020 table.", valueName: "file"))
    var ageData: String?
    @Option(help: "FOLK1A quarter to use, e.g. 2020K1 (default: the latest in the file).")
    var quarter: String?

    func population() throws -> PopulationByAge? {
        guard let ageData else { return nil }
        return try StatBank.readFOLK1A(path: ageData, quarter: quarter)
    }

    /// Loads and plans `scenario` with these options (and `extra` --set values after them).
    func plan(_ scenario: String, population: PopulationByAge?, extra: [String] = []) throws -> PlanResult {
        let s = try ScenarioOverrides.load(scenario, set: sets + extra)
        return try Planner.run(s, population: population)
    }

    var inputPaths: [String] { [ageData].compactMap { $0 } }
}

/// Where and how a report is written: `--format`, `--output`, `--lang`.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output format (default: from --output's extension: .xlsx, .html/.htm, .json, .md, .csv (English CSV; csv-da for Danish Excel), .txt (table); else table).", valueName: "format"))
    var format: OutputFormat?
    @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?
    @Option(help: "Language of the report: da or en (default da; apportion: en).")
    var lang: Language?
    @Flag(help: .hidden) var english = false

    var language: Language { language(default: .da) }
    func language(default d: Language) -> Language { english ? .en : (lang ?? d) }

    /// The formats an output file's extension stands for (the first is the default), nil for an
    /// extension that says nothing (.dat, none).
    static func formats(forExtension ext: String) -> [OutputFormat]? {
        switch ext.lowercased() {
        case "xlsx": return [.xlsx]
        case "html", "htm": return [.html]
        case "json": return [.json]
        case "md": return [.markdown]
        case "csv": return [.csv, .csvDanish]
        case "txt": return [.table]
        default: return nil
        }
    }

    /// The format: `--format`, else the one `--output`'s extension names, else `table`. Refuses
    /// (exit 64) a format the command cannot write and an extension that contradicts `--format`
    /// (`--format csv --output x.xlsx`), so a file is always what its name says.
    func format(allowed: [OutputFormat]) throws -> OutputFormat {
        var implied: [OutputFormat]? = nil
        var ext = ""
        if let output, output != "-" {
            ext = URL(fileURLWithPath: output).pathExtension
            implied = Self.formats(forExtension: ext)
        }
        if let format, let implied, !implied.contains(format) {
            throw DimensioneringError.usage("--format \(format.rawValue) contradicts --output \(output!): a .\(ext) file is \(implied.map(\.rawValue).joined(separator: " or ")); change the format or the file name")
        }
        let f = format ?? implied?.first ?? .table
        guard allowed.contains(f) else {
            if format == nil, implied != nil {
                throw DimensioneringError.usage("--output \(output!) asks for --format \(f.rawValue), which is not available for this command; choose one of: \(allowed.map(\.rawValue).joined(separator: ", ")) (with a matching file name)")
            }
            throw DimensioneringError.usage("--format \(f.rawValue) is not available for this command; choose one of: \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return f
    }
}

/// What to show: `--kkr` and `--kommune`, repeatable. The plan is always computed for the whole
/// scenario; the report shows the selection with its totals.
struct SelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Show only this KKR (name, e.g. Sjælland); repeatable.", valueName: "KKR"))
    var kkr: [String] = []
    @Option(help: ArgumentHelp("Show only this municipality (code 259 or name Køge); repeatable.", valueName: "kommune"))
    var kommune: [String] = []

    func selection() throws -> PlanSelection { try PlanSelection.resolve(kkr: kkr, kommune: kommune) }
}

extension OutputFormat: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension ApportionmentMethod: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
}
extension TieRule: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}
