import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "One municipality's places, and how they come about, in plain Danish.",
            discussion: """
                The first line is the answer: the municipality's places per education and in all. Then, level \
                by level, its share of the key, the computed quota, the divisor and the rounding, bounds that \
                bind, ties, and the sources.
                """)
        @Argument(help: "Scenario name or file.") var scenario: String = "sosu-2023"
        @Option(help: "Municipality: code (259) or name (Køge).") var kommune: String
        @OptionGroup var inputs: ScenarioInputOptions
        @OptionGroup var report: ReportOptions

        func run() throws {
            try runReportingErrors {
                let format = try report.format(allowed: [.table, .json, .markdown, .html])
                let sel = try PlanSelection.resolve(kkr: [], kommune: [kommune])
                let m = MunicipalityRegistry.denmark.byCode[sel.municipalities[0]]!
                let plan = try inputs.plan(scenario, population: try inputs.population())
                let ex = Explanation.explain(plan, municipality: m, lang: report.language)
                if format == .html {
                    let stamp = try ReportStamp.forReport([plan.scenario], overrides: inputs.sets, ageData: inputs.ageData)
                    try emit(ViewsHTML.explanation(ex, plan: plan, stamp: stamp), to: report.output)
                    return
                }
                try emit(ex.rendered(format), to: report.output)
            }
        }
    }
}
