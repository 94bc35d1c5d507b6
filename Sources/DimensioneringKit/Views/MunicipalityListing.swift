import Foundation

/// The `kommuner` command: code, name, KKR and residents of every municipality.
public enum MunicipalityListing {
    public static func render(_ registry: MunicipalityRegistry, selection: PlanSelection, format: OutputFormat, lang: Language) -> String {
        let shown = registry.all.filter { m in
            selection.isEmpty || selection.kkr.contains(m.kkr) || selection.municipalities.contains(m.code)
        }
        let en = lang.english
        let header = en ? ["Code", "Municipality", "KKR", "Residents 1 Jan 2022"] : ["Kommunekode", "Kommune", "KKR", "Indbyggere 1.1.2022"]
        let total = shown.reduce(0) { $0 + $1.population }
        switch format {
        case .json:
            return JSON.array(shown.map { m in
                .object([("code", .string(m.code)), ("name", .string(m.name)), ("kkr", .string(m.kkr)), ("population", .int(m.population))])
            }).rendered() + "\n"
        case .csv, .csvDanish:
            let w = CSVWriter(danish: format == .csvDanish)
            return w.render(header: format == .csv ? ["code", "name", "kkr", "population"] : header,
                            rows: shown.map { [.text($0.code), .text($0.name), .text($0.kkr), .number(String($0.population))] })
        case .markdown:
            var out = "| " + header.joined(separator: " | ") + " |\n|---:|---|---|---:|\n"
            for m in shown { out += "| \(m.code) | \(MarkdownText.escape(m.name)) | \(m.kkr) | \(PlanFormat.int(m.population, lang)) |\n" }
            out += "| | **\(en ? "Total" : "I alt")** | | **\(PlanFormat.int(total, lang))** |\n"
            return out
        default:
            var rows = shown.map { [$0.code, $0.name, $0.kkr, PlanFormat.int($0.population, lang)] }
            rows.append(["", en ? "Total" : "I alt", "", PlanFormat.int(total, lang)])
            return TextTable(header: header, rows: rows, rightAligned: [0, 3]).render() + "\n"
                + (en ? "Source: " : "Kilde: ") + MunicipalityRegistry.populationSource + " (\(MunicipalityRegistry.populationDate)).\n"
        }
    }
}
