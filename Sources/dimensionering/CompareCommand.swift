import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Compare scenarios, named what-if variants, or the years of a phase-in.",
            discussion: """
                SCENARIO: embedded names or files; the first is the baseline. With one scenario of several years, \
                the years are compared year over year. --variant "NAME: key=value, key=value" adds a named what-if \
                of the first scenario (repeatable); --set key=value applies to every scenario after the first, or \
                with a single scenario makes one unnamed variant. Shows places side by side, changes, totals, the \
                largest changes, bounds that bind, and Loosemore-Hanby and Gallagher disproportionality.
                """)
        @Argument(help: "Scenario names or files (the first is the baseline).") var scenarios: [String]
        @Option(help: ArgumentHelp("A named what-if of the first scenario: \"NAME: key=value, key=value\" (repeatable).", valueName: "variant"))
        var variant: [String] = []
        @OptionGroup var inputs: ScenarioInputOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var report: ReportOptions

        func run() throws {
            try runReportingErrors {
                let format = try report.format(allowed: [.table, .markdown, .json, .csv, .csvDanish, .html, .xlsx])
                if format == .xlsx { _ = try report.xlsxOutput() }
                guard !scenarios.isEmpty else { throw DimensioneringError.usage("compare needs at least one scenario") }
                let population = try inputs.population()
                let sel = try selection.selection()
                var runs: [(label: String, result: PlanResult)] = []
                // The baseline has no --set; later scenarios and variants do.
                let base = try ScenarioInputOptions.plain(scenarios[0], population: population)
                runs.append((base.scenario.name, base))
                for n in scenarios.dropFirst() {
                    let p = try inputs.plan(n, population: population)
                    runs.append((inputs.sets.isEmpty ? p.scenario.name : "\(p.scenario.name) (\(inputs.sets.count) " + (report.language.english ? "changes)" : "ændringer)"), p))
                }
                if scenarios.count == 1 && !inputs.sets.isEmpty && variant.isEmpty {
                    // Unnamed: the changes themselves when short, else their number (name it with --variant).
                    let text = inputs.sets.joined(separator: ", ")
                    let label = text.count <= 40 ? "\(base.scenario.name) (\(text))" : "\(base.scenario.name) (\(inputs.sets.count) " + (report.language.english ? "changes)" : "ændringer)")
                    runs.append((label, try inputs.plan(scenarios[0], population: population)))
                }
                for v in variant {
                    let (name, sets) = try Variant.parse(v)
                    runs.append((name, try ScenarioInputOptions.plain(scenarios[0], population: population, sets: sets)))
                }
                if runs.count == 1 && runs[0].result.years.count < 2 {
                    throw DimensioneringError.usage("compare needs two scenarios, --variant, --set, or a scenario with several years")
                }
                let comparison = Comparison.build(runs.map { ($0.label, $0.result.selecting(sel)) })
                if format == .xlsx {
                    try comparison.writeXLSX(to: try report.xlsxOutput(), lang: report.language, generated: try report.workbookDate)
                    return
                }
                if format == .html {
                    let stamp = try ReportStamp.forReport(runs.map(\.result.scenario), overrides: inputs.sets + variant, ageData: inputs.ageData)
                    try emit(ViewsHTML.comparison(comparison, lang: report.language, stamp: stamp), to: report.output)
                    return
                }
                try emit(comparison.rendered(format, lang: report.language), to: report.output)
            }
        }
    }
}

extension ScenarioInputOptions {
    static func plain(_ scenario: String, population: PopulationByAge?, sets: [String] = []) throws -> PlanResult {
        try Planner.run(try ScenarioOverrides.load(scenario, set: sets), population: population)
    }
}

/// `--variant "D'Hondt: method=dhondt, education.assistent.total=6100"`.
enum Variant {
    static func parse(_ text: String) throws -> (name: String, sets: [String]) {
        guard let colon = text.firstIndex(of: ":") else {
            throw DimensioneringError.usage("--variant expects \"NAME: key=value, ...\" (got '\(text)')")
        }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let sets: [String]
        do { sets = try AssignmentList.split(text[text.index(after: colon)...]) } catch {
            throw DimensioneringError.usage("--variant '\(text)': \(error)")
        }
        guard !name.isEmpty, !sets.isEmpty else {
            throw DimensioneringError.usage("--variant expects \"NAME: key=value, ...\" (got '\(text)')")
        }
        return (name, sets)
    }
}
