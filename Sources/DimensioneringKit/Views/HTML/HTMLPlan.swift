import Foundation

extension ViewsHTML {
    static func methodName(_ m: ApportionmentMethod, _ lang: Language) -> String {
        guard lang.english else { return m.danishName }
        switch m {
        case .largestRemainder: return "largest remainder (Hare-Niemeyer)"
        case .dhondt: return "D'Hondt (Jefferson)"
        case .sainteLague: return "Sainte-Laguë (Webster)"
        case .modifiedSainteLague: return "modified Sainte-Laguë (first divisor 1.4)"
        case .huntingtonHill: return "Huntington-Hill"
        case .adams: return "Adams"
        case .dean: return "Dean"
        }
    }

    static func tieWords(_ r: TieRule, _ lang: Language) -> String {
        guard lang.english else { return r.danishDescription }
        switch r {
        case .fail: return "no decision (stop)"
        case .inputOrder: return "the order of the input"
        case .lot(let seed): return "lot (lot:\(seed))"
        }
    }

    static func methodText(_ lang: Language) -> String {
        Words(lang)("""
            Pladserne fordeles niveau for niveau (landet → KKR → kommuner), og hvert niveau summer præcist til niveauet over. \
            En enheds andel er den vægtede sum af dens andele af hver fordelingsnøgle; den beregnede andel (før afrunding) er \
            andelen × pladserne. Hele pladser findes med den valgte metode med eksakt regning og under eventuelle gulve og lofter. \
            Der går aldrig pladser tabt ved afrunding.
            """, """
            Places are allocated level by level (country → KKR → municipalities), and every level sums exactly to the level above. \
            A unit's share is the weighted sum of its shares of each key; its computed quota (before rounding) is share × places. \
            Whole places are found with the chosen method, in exact arithmetic and within any floors and caps. \
            No place is lost to rounding.
            """)
    }

    // MARK: Plan

    /// The plan as an agenda annex: the answer, the bilag table (totals first, then one section per
    /// KKR), charts of places per 1.000 inhabitants, other allocations, assumptions, notes and sources.
    public static func plan(_ p: PlanResult, lang: Language = .da, stamp: ReportStamp? = nil) -> String {
        let t = Words(lang)
        let s = p.scenario
        let doc = p.document(lang)
        let bilag = p.bilag()
        let kkrShown = MunicipalityRegistry.kkrNames.filter { k in
            bilag.contains { $0.lines.contains { if case .kkrTotal(k) = $0.kind { return true }; return false } }
        }
        let partial = !(p.selection?.municipalities.isEmpty ?? true)
        var toc: [(id: String, title: String)] = []
        var body = ""

        // Header and the answer.
        var b = "<header><p class=\"kicker\">\(t("Bilag · dimensionering af uddannelsespladser", "Annex · dimensioning of training places"))</p>"
        b += "<h1>\(escape(s.title))</h1>"
        if let m = doc.titleMark { b += "<p class=\"stale\">\(escape(t("Bemærk: titlen er ", "Note: the title was ") + m + "."))</p>" }
        var sub = [t("Metode", "Method") + ": " + methodName(s.method, lang)]
        if let sel = p.selection {
            var what = sel.kkr.map { "KKR \($0)" }
            what += sel.municipalities.compactMap { p.registry.byCode[$0].map { "\($0.name) (\($0.code))" } }
            sub.insert(t("Udsnit", "Selection") + ": " + what.joined(separator: ", ") + t(" — tallene er fra hele fordelingen", " — figures from the whole allocation"), at: 0)
        }
        b += "<p class=\"muted\">\(escape(sub.joined(separator: " · ")))</p></header>\n"
        b += answer(p, doc: doc, lang: lang)
        if !doc.changes.isEmpty {
            b += "<section class=\"changes\" aria-label=\"\(t("Ændringer", "Changes"))\"><h2>\(t("Ændringer i scenariet (--set)", "Changes to the scenario (--set)"))</h2>"
            b += table(header: [(t("Værdi", "Value"), false), (t("Scenariets", "Scenario's"), false), (t("Brugt", "Used"), false)],
                       rows: doc.changes.map { [Cell(text: $0.path), Cell(text: $0.from), Cell(text: $0.to)] }, foot: [], sortable: false)
            b += "</section>\n"
        }
        if let k = doc.facts.first(where: { $0.label == t("Fordeling i KKR", "Split within a KKR") }) {
            b += "<p class=\"assumption\">\(escape(Self.capitalised(k.value)).replacingOccurrences(of: "\n", with: " ")).</p>\n"
        }

        // Overview: totals first.
        if kkrShown.count > 1 {
            toc.append(("oversigt", t("Oversigt: KKR og hele landet", "Overview: KKR and the whole country")))
            body += "<section class=\"part\" id=\"oversigt\"><h2>\(escape(toc.last!.title))</h2>\n" + overview(p, bilag: bilag, kkr: kkrShown, lang: lang) + "</section>\n"
        }
        // One section per KKR.
        for k in kkrShown {
            let id = "kkr-" + anchor(k)
            toc.append((id, "KKR \(k)"))
            body += "<section class=\"part\" id=\"\(id)\"><h2>KKR \(escape(k))</h2>\n" + kkrSection(p, bilag: bilag, kkr: k, partial: partial, lang: lang) + "</section>\n"
        }
        // Levels the bilag does not show (sites, seasons, specialisations, matrix cells).
        let others = otherAllocations(p, bilag: bilag, lang: lang)
        if !others.isEmpty {
            let title = bilag.isEmpty ? t("Fordeling", "Allocation") : t("Øvrige fordelinger", "Other allocations")
            toc.append(("oevrige", title))
            body += "<section id=\"oevrige\" class=\"\(bilag.isEmpty ? "" : "break")\"><h2>\(escape(title))</h2>\n" + others + "</section>\n"
        }
        toc.append(("forudsaetninger", t("Forudsætninger", "Assumptions")))
        body += "<section id=\"forudsaetninger\" class=\"break\"><h2>\(escape(toc.last!.title))</h2>\n" + assumptions(p, lang: lang)
        body += "<h3>\(t("Metode", "Method"))</h3><p>\(escape(methodText(lang)))</p>\n"
        let notes = doc.notes
        if !notes.isEmpty { body += "<h3>\(t("Bemærkninger", "Notes"))</h3><ul>" + notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n" }
        body += "<h3>\(t("Kilder", "Sources"))</h3>\n" + sources([p], lang: lang) + "</section>\n"

        b += "<nav class=\"toc\" aria-label=\"\(t("Indhold", "Contents"))\"><h2>\(t("Indhold", "Contents"))</h2><ol>"
            + toc.map { "<li><a href=\"#\($0.id)\">\(escape($0.title))</a></li>" }.joined() + "</ol></nav>\n"
        if !bilag.isEmpty { b += searchBox(lang) }
        b += body
        b += footer(stamp, lang: lang)
        return page(title: s.title, body: b, lang: lang)
    }

    /// The answer: the document's sentences ("KKR Sjælland: 474 … + 955 … = 1.429 lærepladser."),
    /// and the illustrative inputs the plan rests on.
    static func answer(_ p: PlanResult, doc: ReportDocument, lang: Language) -> String {
        let t = Words(lang)
        var h = "<section class=\"answer\" aria-label=\"\(t("Resultat", "Result"))\">"
        for (i, l) in doc.answer.enumerated() { h += "<p class=\"\(i == 0 || doc.answer.count > 1 ? "big" : "")\">\(escape(l))</p>" }
        let illustrative = p.sources.filter(\.illustrative).map(\.label)
        if !illustrative.isEmpty {
            h += "<p class=\"illu\">" + escape(t("Bygger på illustrative tal (ikke offentliggjort): ", "Rests on illustrative figures (not published): ")
                                                + uniq(illustrative).joined(separator: "; ")) + "</p>"
        }
        return h + "</section>\n"
    }

    static func lowerFirst(_ s: String) -> String { s.prefix(1).lowercased() + s.dropFirst() }

    static func uniq(_ xs: [String]) -> [String] {
        var out: [String] = []
        for x in xs where !out.contains(x) { out.append(x) }
        return out
    }

    static func perThousand(_ places: Int, _ population: Int) -> Double? {
        population > 0 ? Double(places) * 1000 / Double(population) : nil
    }

    static func populationHeader(_ lang: Language) -> String {
        Words(lang)("Indbyggere 1.1.2022", "Inhabitants 1.1.2022")
    }

    /// The bilag's columns as the document has them: "I alt" only where the columns count one kind
    /// of places and there are several; places per 1.000 only of one kind.
    struct BilagShape {
        var total: Bool
        var rate: Bool
        init(_ p: PlanResult, _ t: BilagTable) {
            total = p.bilagHasTotal(t)
            rate = p.totalKind(t) != nil
        }
    }

    static func bilagHeader(_ table: BilagTable, first: String, shape: BilagShape, lang: Language) -> [(String, Bool)] {
        let t = Words(lang)
        var h: [(String, Bool)] = first.isEmpty ? [] : [(first, false)]
        h += table.columns.map { ($0.name, true) }
        if shape.total { h.append((t("I alt", "Total"), true)) }
        if shape.rate { h += [(populationHeader(lang), true), (t("Pladser pr. 1.000 indb.", "Places per 1,000 inh."), true)] }
        return h
    }

    static func numberCells(_ line: BilagTable.Line, population: Int?, shape: BilagShape, lang: Language) -> [Cell] {
        let t = Words(lang)
        var cells = line.values.map { v in Cell(text: v.map(t.int) ?? "—", sortValue: v.map(String.init) ?? "-1", numeric: true) }
        if shape.total { cells.append(Cell(text: t.int(line.total), sortValue: String(line.total), numeric: true)) }
        guard shape.rate else { return cells }
        cells.append(Cell(text: population.map(t.int) ?? "", sortValue: population.map(String.init), numeric: true))
        let r = population.flatMap { perThousand(line.total, $0) }
        cells.append(Cell(text: r.map { t.dec($0, 2) } ?? "", sortValue: r.map { String(format: "%.6f", $0) }, numeric: true))
        return cells
    }

    static func kkrPopulation(_ p: PlanResult, _ kkr: String) -> Int {
        p.registry.all.filter { $0.kkr == kkr }.reduce(0) { $0 + $1.population }
    }

    /// One row per KKR (its subtotal) and the national total, with a chart of places per 1.000.
    static func overview(_ p: PlanResult, bilag: [BilagTable], kkr: [String], lang: Language) -> String {
        let t = Words(lang)
        var h = ""
        for bt in bilag {
            if !bt.year.isEmpty { h += "<h3>\(escape(bt.year))</h3>\n" }
            var rows: [[Cell]] = []
            var bars: [Bar] = []
            var shownPopulation = 0
            for line in bt.lines {
                guard case .kkrTotal(let k) = line.kind else { continue }
                let pop = kkrPopulation(p, k)
                shownPopulation += pop
                rows.append([Cell(text: "KKR \(k)", cls: "nw", html: "<a href=\"#kkr-\(anchor(k))\">KKR \(escape(k))</a>")] + numberCells(line, population: pop, shape: BilagShape(p, bt), lang: lang))
                if let r = perThousand(line.total, pop) { bars.append(Bar(label: "KKR \(k)", value: r, text: t.dec(r, 2))) }
            }
            var foot: [(cls: String?, cells: [Cell])] = []
            if let total = bt.totalLine {
                let label = p.selection == nil ? t("Hele landet i alt", "Whole country, total") : t("I alt (udsnit)", "Total (selection)")
                foot.append(("grand", [Cell(text: label)] + numberCells(total, population: shownPopulation, shape: BilagShape(p, bt), lang: lang)))
                let avg = perThousand(total.total, shownPopulation)
                bars.sort { $0.value != $1.value ? $0.value > $1.value : $0.label < $1.label }
                let title = (bt.year.isEmpty ? "" : bt.year + ": ") + t("Pladser pr. 1.000 indbyggere pr. KKR", "Places per 1,000 inhabitants by KKR")
                let refs = avg.map { [ReferenceLine(label: (p.selection == nil ? t("Hele landet", "Whole country") : t("Udsnit", "Selection")) + " " + t.dec($0, 2), value: $0)] } ?? []
                if total.total > 0 {
                    h += table(header: bilagHeader(bt, first: "KKR", shape: BilagShape(p, bt), lang: lang), rows: rows, foot: foot, sortable: false)
                    h += figure(self.bars(bars, reference: refs, title: title),
                                caption: title + t(". Stiplet linje: gennemsnit. Indbyggere 1. januar 2022.", ". Dashed line: average. Inhabitants 1 January 2022."))
                    continue
                }
            }
            h += table(header: bilagHeader(bt, first: "KKR", shape: BilagShape(p, bt), lang: lang), rows: rows, foot: foot, sortable: false)
        }
        return h
    }

    /// A KKR's municipalities: the bilag rows, the KKR subtotal, and places per 1.000 as sorted bars.
    static func kkrSection(_ p: PlanResult, bilag: [BilagTable], kkr: String, partial: Bool, lang: Language) -> String {
        let t = Words(lang)
        var h = ""
        for (ti, bt) in bilag.enumerated() {
            let lines = bt.lines.filter {
                switch $0.kind {
                case .municipality(_, _, let k), .region(_, let k, _), .kkrTotal(let k): return k == kkr
                case .total: return false
                }
            }
            guard !lines.isEmpty else { continue }
            if !bt.year.isEmpty { h += "<h3>\(escape(bt.year))</h3>\n" }
            var rows: [[Cell]] = []
            var foot: [(cls: String?, cells: [Cell])] = []
            var bars: [Bar] = []
            var popShown = 0
            for line in lines {
                switch line.kind {
                case .municipality(let code, let name, _):
                    let pop = p.registry.byCode[code]?.population
                    popShown += pop ?? 0
                    rows.append([Cell(text: code, sortValue: code, numeric: true), Cell(text: name)] + numberCells(line, population: pop, shape: BilagShape(p, bt), lang: lang))
                    if let pop, let r = perThousand(line.total, pop) { bars.append(Bar(label: name, value: r, text: t.dec(r, 2))) }
                case .region(let name, _, let illustrative):
                    rows.append([Cell(text: ""), Cell(text: name + (illustrative ? " (" + lowerFirst(t.illustrative) + ")" : ""))] + numberCells(line, population: nil, shape: BilagShape(p, bt), lang: lang))
                case .kkrTotal:
                    let label = partial ? t("I alt, viste kommuner", "Total, municipalities shown") : t("KKR \(kkr) i alt", "KKR \(kkr), total")
                    foot.append(("sub", [Cell(text: label, span: 2)] + numberCells(line, population: partial ? popShown : kkrPopulation(p, kkr), shape: BilagShape(p, bt), lang: lang)))
                case .total: break
                }
            }
            h += table(header: [(t("Kommunekode", "Code"), true), (t("Kommune", "Municipality"), false)] + bilagHeader(bt, first: "", shape: BilagShape(p, bt), lang: lang),
                       rows: rows, foot: foot)
            // The chart: the last year only (the full phase-in), when there are places.
            guard ti == bilag.count - 1 || bilag.count == 1, bars.contains(where: { $0.value > 0 }), bars.count > 1 else { continue }
            bars.sort { $0.value != $1.value ? $0.value > $1.value : $0.label < $1.label }
            let total = lines.first { if case .kkrTotal = $0.kind { return true }; return false }
            let avg = total.flatMap { perThousand($0.total, partial ? popShown : kkrPopulation(p, kkr)) }
            let title = (bt.year.isEmpty ? "" : bt.year + ": ") + t("Pladser pr. 1.000 indbyggere, KKR \(kkr)", "Places per 1,000 inhabitants, KKR \(kkr)")
            h += figure(self.bars(bars, reference: avg.map { [ReferenceLine(label: "KKR \(kkr) " + t.dec($0, 2), value: $0)] } ?? [], title: title),
                        caption: title + t(". Sorteret, højeste først; stiplet linje: KKR-gennemsnit. Forskelle skyldes afrunding til hele pladser og fordelingsnøglen.",
                                           ". Sorted, highest first; dashed line: the KKR average. Differences come from rounding to whole places and from the key."))
        }
        return h
    }

    /// Levels the bilag does not show, one small table per group.
    static func otherAllocations(_ p: PlanResult, bilag: [BilagTable], lang: Language) -> String {
        let t = Words(lang)
        let inBilag = Set(bilag.flatMap { $0.columns.map(\.id) })
        var h = ""
        for y in p.years {
            var yh = ""
            for e in y.educations {
                for (li, l) in e.levels.enumerated() {
                    let lastPlainMunicipality = e.levels.lastIndex { $0.units == .municipality && $0.role == .plain }
                    let covered = inBilag.contains(e.id) && (l.units == .kkr || li == lastPlainMunicipality)
                    if covered || l.groups.isEmpty { continue }
                    for g in l.groups {
                        let levelName: String
                        switch l.units {
                        case .kkr: levelName = "KKR"
                        case .municipality: levelName = t("Kommuner", "Municipalities")
                        case .custom: levelName = l.name.prefix(1).uppercased() + l.name.dropFirst()
                        }
                        let role = l.role == .cells ? t(" (fordelt biproportionalt)", " (apportioned biproportionally)") : ""
                        yh += "<h3>\(escape(e.name)) — \(escape(levelName))\(role): \(escape(g.parentName)), \(t.int(g.total)) \(t("pladser", "places"))</h3>\n"
                        let rows = g.rows.map { r in
                            [Cell(text: r.name), Cell(text: PlanFormat.percent(r.key, 1, lang), sortValue: r.key.decimalString(places: 9), numeric: true),
                             Cell(text: t.dec(r.ideal, 2), sortValue: r.ideal.decimalString(places: 6), numeric: true),
                             Cell(text: t.int(r.seats), sortValue: String(r.seats), numeric: true)]
                        }
                        let sum = g.rows.reduce(0) { $0 + $1.seats }
                        yh += table(header: [(t("Navn", "Name"), false), (t("Andel", "Share"), true), (t("Beregnet andel (før afrunding)", "Computed quota (before rounding)"), true),
                                             (t("Pladser", "Places"), true)],
                                    rows: rows, foot: [("sub", [Cell(text: t("I alt", "Total")), Cell(text: ""), Cell(text: ""), Cell(text: t.int(sum), numeric: true)])],
                                    sortable: false)
                    }
                }
            }
            if !yh.isEmpty { h += (y.year.isEmpty ? "" : "<h3>\(escape(y.year))</h3>\n") + yh }
        }
        return h
    }

    /// The scenario in a planner's words: places, how each level is split, bounds, intake.
    static func assumptions(_ p: PlanResult, lang: Language) -> String {
        let t = Words(lang)
        let s = p.scenario
        var h = "<dl class=\"inputs\">"
        h += "<dt>\(t("Metode", "Method"))</dt><dd>\(escape(methodName(s.method, lang))); \(escape(t("uafgjort afgøres efter", "ties decided by"))) \(escape(tieWords(s.ties, lang)))</dd>"
        if let a = s.agreedMinimum {
            h += "<dt>\(t("Aftalt minimum", "Agreed minimum"))</dt><dd>\(t.int(a.places)) \(t("pladser", "places")) (\(escape(a.source)))</dd>"
        }
        for e in s.educations {
            var parts: [String] = []
            let totals = e.totals.map { ($0.year.isEmpty ? "" : "\($0.year): ") + t.int($0.total) }.joined(separator: ", ")
            parts.append(totals + " " + t("pladser", "places") + (e.region.map { " " + t("i KKR", "in KKR") + " \($0)" } ?? t(" i hele landet", " in the whole country")))
            for l in e.levels {
                let unitWord: String
                switch l.units {
                case .kkr: unitWord = t("på KKR", "to the KKR")
                case .municipality: unitWord = t("på kommuner", "to municipalities")
                case .custom: unitWord = t("på", "to") + " " + l.name.lowercased()
                }
                let keys = l.weights.map { w -> String in
                    let c = s.components[w.component]
                    let label = c?.label ?? t("fordelingsnøgle", "key")
                    let mark = (c?.source.illustrative ?? false) ? " (" + t("illustrativ", "illustrative") + ")" : ""
                    return (l.weights.count > 1 ? PlanFormat.percent(w.weight, 0, lang) + " " : "") + label + mark
                }
                var text = unitWord + " " + t("efter", "by") + " " + keys.joined(separator: " + ")
                if let cols = l.columns.first { text += " × " + cols.name.lowercased() + t(" (biproportionalt)", " (biproportionally)") }
                if l.boundsFile != nil { text += t(", med gulve og lofter", ", with floors and caps") }
                if let pct = l.minPercentOfLastYear { text += t(", gulv mindst \(PlanFormat.number(pct, 1, lang)) % af sidste års pladser", ", floor at least \(PlanFormat.number(pct, 1, lang))% of last year's places") }
                if let r = l.regionalShare {
                    let amount = r.places.map(t.int) ?? r.share.map { PlanFormat.percent($0, 0, lang) } ?? ""
                    text += t(", \(r.name) tager først \(amount)", ", \(r.name) first takes \(amount)") + (r.illustrative ? " (" + t("illustrativt", "illustrative") + ")" : "")
                }
                if let cw = l.compareWith, let c = s.components[cw] { text += t(", sammenholdt med \(c.label)", ", set against \(c.label)") }
                parts.append(text)
            }
            if let rule = e.intake {
                switch rule {
                case .overbooking(let pct): parts.append(t("optag: pladserne + \(PlanFormat.number(pct, 2, lang)) % overbooking", "intake: the places + \(PlanFormat.number(pct, 2, lang))% overbooking"))
                case .dropout(let pct): parts.append(t("optag: pladserne / (1 − \(PlanFormat.number(pct, 2, lang)) % frafald)", "intake: the places / (1 − \(PlanFormat.number(pct, 2, lang))% dropout)"))
                }
            }
            h += "<dt>\(escape(e.name))</dt><dd>\(escape(parts.joined(separator: "; ")))</dd>"
        }
        return h + "</dl>\n"
    }

    /// The scenario's notes and the plan's, each once.
    static func notes(_ plans: [PlanResult], lang: Language) -> [String] {
        var out: [String] = []
        func add(_ s: String) {
            let k = s.trimmingBlanksAndNewlines()
            if !k.isEmpty && !out.contains(where: { $0.compare(k, options: [.caseInsensitive]) == .orderedSame }) { out.append(k) }
        }
        for p in plans {
            for n in p.scenario.notes { add(n) }
            for y in p.years { for e in y.educations { for l in e.levels {
                for n in l.notes { add(capitalised(n.text(lang))) }
                for g in l.groups {
                    for n in g.notes { add(capitalised(n.text(lang))) }
                    let names = Dictionary(g.rows.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
                    for tie in g.ties { add(PlanLabels.tie(tie, english: lang.english, names: names)) }
                }
            } } }
        }
        return out
    }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// The sources the plans rest on, each with its date; an illustrative input is marked as such.
    static func sources(_ plans: [PlanResult], lang: Language) -> String {
        let t = Words(lang)
        var items: [(String, Bool)] = []
        for p in plans {
            for src in p.sources {
                var s = src.label
                if let c = src.citation { s += ". " + t("Kilde", "Source") + ": " + c }
                if let d = src.date, !(src.citation ?? "").contains(d), !src.label.contains(d) { s += " (\(d))" }
                if !items.contains(where: { $0.0 == s }) { items.append((s, src.illustrative)) }
            }
            if let a = p.ageData {
                let s = t("Aldersfordeling til ældreudgiftsnøglen", "Age distribution for the elderly key") + ": " + a.sourceText(t.lang)
                if !items.contains(where: { $0.0 == s }) { items.append((s, false)) }
            }
        }
        items.append((t("Kommuner og KKR: de 98 kommuner og 5 kommunekontaktråd.", "Municipalities and KKR: the 98 municipalities and 5 KKR."), false))
        return "<ul>" + items.map { "<li>\(escape($0.0))" + ($0.1 ? " <span class=\"illu\">\(escape(t.illustrative))</span>" : "") + "</li>" }.joined() + "</ul>\n"
    }
}
