import Foundation

/// Labels in Danish (default) or English.
struct PlanLabels {
    let english: Bool
    var code: String { english ? "Code" : "Kode" }
    var name: String { english ? "Name" : "Navn" }
    var key: String { english ? "Key" : "Nøgle" }
    var ideal: String { english ? "Ideal quota" : "Ideel kvote" }
    var places: String { english ? "Places" : "Pladser" }
    var min: String { english ? "Floor" : "Min" }
    var max: String { english ? "Cap" : "Maks" }
    var published: String { english ? "Published" : "Offentliggjort" }
    var diff: String { english ? "Diff." : "Forskel" }
    var total: String { english ? "Total" : "I alt" }
    var year: String { english ? "Study year" : "Studieår" }
    var method: String { english ? "Method" : "Metode" }
    var ties: String { english ? "Ties" : "Uafgjort" }
    var note: String { english ? "Note" : "Bemærk" }
    var scenario: String { "Scenarie" }
    func places(_ n: Int) -> String {
        PlanFormat.thousands(n, separator: english ? "," : ".") + (english ? (n == 1 ? " place" : " places") : (n == 1 ? " plads" : " pladser"))
    }
    func level(_ l: PlanLevelResult) -> String {
        switch l.units {
        case .kkr: return "KKR"
        case .municipality: return english ? "Municipality" : "Kommune"
        case .custom: return l.name.prefix(1).uppercased() + l.name.dropFirst()
        }
    }
    static func tie(_ t: Tie, english: Bool) -> String {
        if english { return "Tie: \(t)" }
        let rule = t.rule.danishDescription
        return "Uafgjort: \(t.units.joined(separator: ", ")) står lige om \(t.seats) plad\(t.seats == 1 ? "s" : "ser"); afgjort efter \(rule): \(t.winners.joined(separator: ", "))"
    }
    func decimal(_ s: String) -> String { english ? s : s.replacingOccurrences(of: ".", with: ",") }
}

/// How a plan's table is laid out: `bilag` (one row per municipality, one column per
/// education, subtotals per KKR) or `long` (one row per unit per level).
public enum PlanLayout: String, Sendable, CaseIterable {
    case bilag, long
}

extension PlanResult {
    public func rendered(_ format: OutputFormat, lang: Language, layout: PlanLayout = .long) -> String {
        rendered(format, english: lang.english)
    }

    public func rendered(_ format: OutputFormat, english: Bool = false) -> String {
        switch format {
        case .table, .xlsx: return table(english: english, markdown: false)  // xlsx: PlanWorkbook.swift
        case .markdown: return table(english: english, markdown: true)
        case .json: return json().rendered() + "\n"
        case .csv: return csv(danish: false)
        case .csvDanish: return csv(danish: true)
        case .html: return html(english: english)
        }
    }

    var singleYear: Bool { years.count == 1 && years[0].year.isEmpty }

    // MARK: Table and Markdown

    func table(english: Bool, markdown: Bool) -> String {
        let L = PlanLabels(english: english)
        var out = ""
        func heading(_ level: Int, _ s: String) {
            if markdown { out += String(repeating: "#", count: level) + " " + s + "\n\n" }
            else if level <= 2 { out += s + "\n" + String(repeating: level == 1 ? "=" : "-", count: s.count) + "\n\n" }
            else { out += s + "\n\n" }
        }
        heading(1, "\(scenario.title)")
        var meta = ["\(L.scenario): \(scenario.name) (\(scenario.chain.joined(separator: " ← ")))",
                    "\(L.method): \(english ? scenario.method.rawValue : scenario.method.danishName); \(L.ties.lowercased()): \(english ? scenario.ties.description : scenario.ties.danishDescription)"]
        if let ageDataFile {
            meta.append((english ? "Age data: " : "Aldersdata: ") + "\(ageDataFile) (\(ageDataQuarter ?? "")). Kilde: Danmarks Statistik")
        }
        out += meta.map { markdown ? "- " + $0 : $0 }.joined(separator: "\n") + "\n"
        for n in scenario.notes { out += (markdown ? "- " : "") + "\(L.note): \(n)\n" }
        out += "\n"
        for y in years {
            if !y.year.isEmpty { heading(1, "\(L.year) \(y.year)") }
            for e in y.educations {
                heading(2, "\(e.name): \(L.places(e.total))" + (e.region.map { " (KKR \($0))" } ?? ""))
                for l in e.levels {
                    for n in l.notes { out += (markdown ? "> " : "") + "\(L.note): \(n.text(english: english))\n\n" }
                    for g in l.groups {
                        let role = l.role == .margin ? (english ? " (matrix margin)" : " (matrixmargin)")
                            : l.role == .cells ? (english ? " (matrix cells)" : " (matrixceller)") : ""
                        heading(3, "\(L.level(l))\(role) — \(g.parentName): \(L.places(g.total))")
                        out += groupTable(g, labels: L, markdown: markdown)
                        for n in g.notes { out += (markdown ? "> " : "") + "\(L.note): \(n.text(english: english))\n" }
                        for t in g.ties { out += (markdown ? "> " : "") + PlanLabels.tie(t, english: english) + "\n" }
                        if !g.notes.isEmpty || !g.ties.isEmpty { out += "\n" }
                    }
                }
            }
        }
        return out
    }

    func groupTable(_ g: PlanGroup, labels L: PlanLabels, markdown: Bool) -> String {
        let bounded = g.rows.contains { $0.min > 0 || $0.max != nil }
        let published = g.rows.contains { $0.published != nil }
        var header = [L.code, L.name, L.key, L.ideal, L.places]
        if bounded { header += [L.min, L.max] }
        if published { header += [L.published, L.diff] }
        var rows: [[String]] = []
        for r in g.rows {
            var row = [r.code, r.name, L.decimal(r.key.decimalString(places: 6)), L.decimal(r.ideal.decimalString(places: 3)), String(r.seats)]
            if bounded {
                row += [r.min > 0 ? String(r.min) + (r.bound == .atMinimum ? "*" : "") : "",
                        r.max.map { String($0) + (r.bound == .atMaximum ? "*" : "") } ?? ""]
            }
            if published {
                row += [r.published.map { L.decimal($0.decimalString(places: Rational($0.floor) == $0 ? 0 : 2)) } ?? "",
                        r.published.map { L.decimal(PlanFormat.signed(Rational(r.seats) - $0)) } ?? ""]
            }
            rows.append(row)
        }
        let keySum = g.rows.reduce(Rational(0)) { $0 + $1.key }
        let idealSum = g.rows.reduce(Rational(0)) { $0 + $1.ideal }
        var total = ["", L.total, L.decimal(keySum.decimalString(places: 6)), L.decimal(idealSum.decimalString(places: 3)),
                     String(g.rows.reduce(0) { $0 + $1.seats })]
        if bounded { total += ["", ""] }
        if published {
            let p = g.rows.reduce(Rational(0)) { $0 + ($1.published ?? Rational(0)) }
            let d = Rational(g.total) - p
            total += [L.decimal(p.decimalString(places: Rational(p.floor) == p ? 0 : 2)),
                      L.decimal(PlanFormat.signed(d))]
        }
        let right = Set(2..<header.count)
        if markdown {
            var s = "| " + header.joined(separator: " | ") + " |\n"
            s += "|" + header.indices.map { right.contains($0) ? "---:|" : "---|" }.joined() + "\n"
            for r in rows + [total] { s += "| " + r.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
            return s + "\n"
        }
        return TextTable(header: header, rows: rows + [total], rightAligned: right).render() + "\n"
    }

    func html(english: Bool) -> String { ViewsHTML.plan(self) }

    // MARK: JSON

    public func json() -> JSON {
        var fields: [(String, JSON)] = [
            ("scenario", .string(scenario.name)),
            ("title", .string(scenario.title)),
            ("files", .array(scenario.chain.map { .string($0) })),
            ("method", .string(scenario.method.rawValue)),
            ("ties", .string(scenario.ties.description)),
        ]
        if let a = ageData {
            fields.append(("age_data", .object([("file", .string(a.file)), ("quarter", .string(a.quarter)), ("shipped", .bool(a.shipped)),
                                                ("source", .string("Danmarks Statistik, FOLK1A (\(ShippedAgeData.dateText(quarter: a.quarter)))"))])))
        }
        fields.append(("sources", .array(sources.map { s in
            var f: [(String, JSON)] = [("label", .string(s.label))]
            f.append(("citation", s.citation.map { .string($0) } ?? .null))
            f.append(("date", s.date.map { .string($0) } ?? .null))
            f.append(("illustrative", .bool(s.illustrative)))
            return .object(f)
        })))
        fields.append(("illustrative_inputs", .bool(restsOnIllustrativeData)))
        if !scenario.notes.isEmpty { fields.append(("notes", .array(scenario.notes.map { .string($0) }))) }
        if singleYear {
            fields.append(("educations", .array(years[0].educations.map(educationJSON))))
        } else {
            fields.append(("years", .array(years.map { y in
                .object([("year", .string(y.year)), ("educations", .array(y.educations.map(educationJSON)))])
            })))
        }
        return .object(fields)
    }

    func educationJSON(_ e: PlanEducationResult) -> JSON {
        var f: [(String, JSON)] = [("id", .string(e.id)), ("name", .string(e.name))]
        if let r = e.region { f.append(("region", .string(r))) }
        if case .intake(let of, let rule) = e.role {
            let ruleJSON: JSON
            switch rule {
            case .overbooking(let p): ruleJSON = .object([("overbooking_percent", .number(p.decimalString(places: 4)))])
            case .dropout(let p): ruleJSON = .object([("dropout_percent", .number(p.decimalString(places: 4)))])
            }
            f.append(("intake_of", .string(of)))
            f.append(("intake_rule", ruleJSON))
        }
        if let p = e.phaseIn {
            f.append(("phase_in", .object([("base", .int(p.base)), ("step", .int(p.step)), ("cumulative_extra", .int(p.cumulative))])))
        }
        f.append(("total", .int(e.total)))
        f.append(("levels", .array(e.levels.map(levelJSON))))
        return .object(f)
    }

    /// Flat keys for a level: the code when codes are unique in the level, else the path below the root.
    static func flatKeys(_ l: PlanLevelResult) -> [[String]] {
        let all = l.groups.flatMap { g in g.rows.map { g.parentPath + [$0.code] } }
        let codes = all.map { $0.last! }
        if Set(codes).count == codes.count { return all.map { [$0.last!] } }
        return all
    }

    func levelJSON(_ l: PlanLevelResult) -> JSON {
        let keys = Self.flatKeys(l).map { $0.joined(separator: "/") }
        let rows = l.groups.flatMap(\.rows)
        var f: [(String, JSON)] = [
            ("level", .string(l.name)),
            ("role", .string(l.role.rawValue)),
            ("total", .int(rows.reduce(0) { $0 + $1.seats })),
            ("allocation", .object(zip(keys, rows).map { ($0, .int($1.seats)) })),
            ("key", .object(zip(keys, rows).map { ($0, .number($1.key.decimalString(places: 12))) })),
            ("ideal_quota", .object(zip(keys, rows).map { ($0, .number($1.ideal.decimalString(places: 6))) })),
        ]
        if rows.contains(where: { $0.min > 0 || $0.max != nil }) {
            f.append(("bounds", .object(zip(keys, rows).compactMap { k, r in
                guard r.min > 0 || r.max != nil else { return nil }
                return (k, .object([("min", .int(r.min)), ("max", r.max.map { .int($0) } ?? .null), ("binding", .string(r.bound.rawValue))]))
            })))
        }
        if rows.contains(where: { $0.published != nil }) {
            f.append(("published", .object(zip(keys, rows).compactMap { k, r in r.published.map { (k, .number($0.decimalString(places: Rational($0.floor) == $0 ? 0 : 6))) } })))
        }
        f.append(("groups", .array(l.groups.map { g in
            .object([("parent", .string(g.parentCode)), ("total", .int(g.total)),
                     ("allocation", .object(g.rows.map { ($0.code, .int($0.seats)) }))])
        })))
        let notes = l.groups.flatMap { $0.notes.map { $0.english } } + l.notes.map(\.english)
            + l.groups.flatMap { $0.ties.map { "tie: \($0)" } }
        if !notes.isEmpty { f.append(("notes", .array(notes.map { .string($0) }))) }
        return .object(f)
    }

    // MARK: CSV

    public func csv(danish: Bool) -> String {
        let header = ["year", "education", "level", "parent", "code", "name", "key", "ideal_quota", "places", "min", "max", "published"]
        var rows: [[CSVWriter.Cell]] = []
        for y in years {
            for e in y.educations {
                for l in e.levels {
                    for g in l.groups {
                        for r in g.rows {
                            rows.append([.text(y.year), .text(e.id), .text(l.name), .text(g.parentCode), .text(r.code), .text(r.name),
                                         .number(r.key.decimalString(places: 12)), .number(r.ideal.decimalString(places: 6)),
                                         .number(String(r.seats)), .number(r.min > 0 ? String(r.min) : ""),
                                         .number(r.max.map(String.init) ?? ""),
                                         .number(r.published.map { $0.decimalString(places: Rational($0.floor) == $0 ? 0 : 6) } ?? "")])
                        }
                    }
                }
            }
        }
        return CSVWriter(danish: danish).render(header: header, rows: rows)
    }
}
