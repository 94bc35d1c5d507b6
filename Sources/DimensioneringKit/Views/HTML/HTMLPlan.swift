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
    public static func plan(_ p: PlanResult, lang: Language = .da, stamp: ReportStamp? = nil,
                            columns: BilagColumns = BilagColumns(), previous: PlanResult? = nil) -> String {
        let t = Words(lang)
        let s = p.scenario
        let doc = p.document(lang, layout: .bilag, columns: columns, previous: previous)
        let bilagTables = Self.bilagTables(p, lang: lang, columns: columns, previous: previous)
        let bilag = p.bilag()
        let kkrShown = MunicipalityRegistry.kkrNames.filter { k in
            bilag.contains { $0.lines.contains { if case .kkrTotal(k) = $0.kind { return true }; return false } }
        }
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
            body += "<section class=\"part\" id=\"oversigt\"><h2>\(escape(toc.last!.title))</h2>\n" + overview(p, tables: bilagTables, lang: lang) + "</section>\n"
        }
        // One section per KKR.
        for k in kkrShown {
            let id = "kkr-" + anchor(k)
            toc.append((id, "KKR \(k)"))
            body += "<section class=\"part\" id=\"\(id)\"><h2>KKR \(escape(k))</h2>\n" + kkrSection(p, tables: bilagTables, kkr: k, lang: lang) + "</section>\n"
        }
        // Levels the bilag does not show (sites, seasons, specialisations, matrix cells).
        let others = otherAllocations(doc, lang: lang)
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

    /// A document cell as an HTML table cell: the document's text, its number as the sort key.
    static func docCell(_ c: ReportCell, _ col: ReportTable.Column, _ N: ReportNumbers) -> Cell {
        let text = N.text(c, col.kind)
        let sort: String?
        switch c {
        case .int(let n), .signed(let n), .marked(let n, _): sort = String(n)
        case .decimal(let r, _): sort = r.decimalString(places: 6)
        case .none: sort = "-1"
        default: sort = nil
        }
        return Cell(text: text, sortValue: col.kind == .code ? text : sort, numeric: col.isNumeric || col.kind == .code)
    }

    static func headerCells(_ t: ReportTable, from: Int) -> [(String, Bool)] {
        t.columns[from...].map { ($0.header, $0.isNumeric) }
    }

    /// The bar of a row: places per 1.000, from the document's column.
    static func rateBar(_ t: ReportTable, _ r: ReportTable.Row, label: String, _ N: ReportNumbers) -> Bar? {
        guard let i = t.columns.firstIndex(where: { $0.key == "places_per_1000" }), case .decimal(let v, let d) = r.cells[i] else { return nil }
        return Bar(label: label, value: v.doubleValue, text: N.decimal(v, d))
    }

    static func rate(_ t: ReportTable, _ r: ReportTable.Row) -> Double? {
        guard let i = t.columns.firstIndex(where: { $0.key == "places_per_1000" }), case .decimal(let v, _) = r.cells[i] else { return nil }
        return v.doubleValue
    }

    /// The document's bilag tables with inhabitants and places per 1.000.
    static func bilagTables(_ p: PlanResult, lang: Language, columns: BilagColumns, previous: PlanResult?) -> [ReportTable] {
        var c = columns
        c.perThousand = true
        return p.document(lang, layout: .bilag, columns: c, previous: previous).tables.filter { $0.group == "bilag" }
    }

    /// One row per KKR (its subtotal) and the national total, with a chart of places per 1.000.
    static func overview(_ p: PlanResult, tables: [ReportTable], lang: Language) -> String {
        let t = Words(lang)
        let N = ReportNumbers(lang)
        var h = ""
        for bt in tables {
            if !bt.year.isEmpty { h += "<h3>\(escape(bt.year))</h3>\n" }
            var rows: [[Cell]] = []
            var bars: [Bar] = []
            var foot: [(cls: String?, cells: [Cell])] = []
            var grand: ReportTable.Row?
            for r in bt.rows {
                let numbers = zip(r.cells, bt.columns).dropFirst(3).map { docCell($0, $1, N) }
                switch r.kind {
                case .subtotal:
                    guard case .text(let k) = r.cells[2] else { continue }
                    rows.append([Cell(text: "KKR \(k)", cls: "nw", html: "<a href=\"#kkr-\(anchor(k))\">KKR \(escape(k))</a>")] + numbers)
                    if let b = rateBar(bt, r, label: "KKR \(k)", N) { bars.append(b) }
                case .total:
                    grand = r
                    let label = p.selection == nil ? t("Hele landet i alt", "Whole country, total") : t("I alt (udsnit)", "Total (selection)")
                    foot.append(("grand", [Cell(text: label)] + numbers))
                default: continue
                }
            }
            h += table(header: [("KKR", false)] + headerCells(bt, from: 3), rows: rows, foot: foot, sortable: false)
            if let g = grand, let avg = rate(bt, g), bars.contains(where: { $0.value > 0 }) {
                bars.sort { $0.value != $1.value ? $0.value > $1.value : $0.label < $1.label }
                let title = (bt.year.isEmpty ? "" : bt.year + ": ") + t("Pladser pr. 1.000 indbyggere pr. KKR", "Places per 1,000 inhabitants by KKR")
                let refs = [ReferenceLine(label: (p.selection == nil ? t("Hele landet", "Whole country") : t("Udsnit", "Selection")) + " " + t.dec(avg, 2), value: avg)]
                h += figure(self.bars(bars, reference: refs, title: title),
                            caption: title + t(". Stiplet linje: gennemsnit. Indbyggere 1. januar 2022.", ". Dashed line: average. Inhabitants 1 January 2022."))
            }
        }
        return h
    }

    /// A KKR's municipalities: the document's bilag rows of the KKR, its subtotal, and places per
    /// 1.000 as sorted bars.
    static func kkrSection(_ p: PlanResult, tables: [ReportTable], kkr: String, lang: Language) -> String {
        let t = Words(lang)
        let N = ReportNumbers(lang)
        var h = ""
        for (ti, bt) in tables.enumerated() {
            let lines = bt.rows.filter { $0.kind != .total && $0.cells[2] == .text(kkr) }
            guard !lines.isEmpty else { continue }
            if !bt.year.isEmpty { h += "<h3>\(escape(bt.year))</h3>\n" }
            var rows: [[Cell]] = []
            var foot: [(cls: String?, cells: [Cell])] = []
            var bars: [Bar] = []
            var average: Double?
            for r in lines {
                let numbers = zip(r.cells, bt.columns).dropFirst(3).map { docCell($0, $1, N) }
                let code = docCell(r.cells[0], bt.columns[0], N)
                guard case .text(let name) = r.cells[1] else { continue }
                switch r.kind {
                case .subtotal:
                    foot.append(("sub", [Cell(text: name, span: 2)] + numbers))
                    average = rate(bt, r)
                case .region:
                    rows.append([Cell(text: ""), Cell(text: name)] + numbers)
                default:
                    rows.append([code, Cell(text: name)] + numbers)
                    if let b = rateBar(bt, r, label: name, N) { bars.append(b) }
                }
            }
            h += table(header: [(t("Kommunekode", "Code"), true), (t("Kommune", "Municipality"), false)] + headerCells(bt, from: 3),
                       rows: rows, foot: foot)
            // The chart: the last year only (the full phase-in), when there are places.
            guard ti == tables.count - 1 || tables.count == 1, bars.contains(where: { $0.value > 0 }), bars.count > 1 else { continue }
            bars.sort { $0.value != $1.value ? $0.value > $1.value : $0.label < $1.label }
            let title = (bt.year.isEmpty ? "" : bt.year + ": ") + t("Pladser pr. 1.000 indbyggere, KKR \(kkr)", "Places per 1,000 inhabitants, KKR \(kkr)")
            h += figure(self.bars(bars, reference: average.map { [ReferenceLine(label: "KKR \(kkr) " + t.dec($0, 2), value: $0)] } ?? [], title: title),
                        caption: title + t(". Sorteret, højeste først; stiplet linje: KKR-gennemsnit. Forskelle skyldes afrunding til hele pladser og fordelingsnøglen.",
                                           ". Sorted, highest first; dashed line: the KKR average. Differences come from rounding to whole places and from the key."))
        }
        return h
    }

    /// Levels the bilag does not show (sites, seasons, specialisations, matrix cells): the
    /// document's tables with their headings, per study year.
    static func otherAllocations(_ doc: ReportDocument, lang: Language) -> String {
        let N = ReportNumbers(lang)
        var h = "", pendingYear: String?
        var heading: String?
        for b in doc.blocks {
            switch b {
            case .heading(1, let text): pendingYear = text
            case .heading(3, let text): heading = text
            case .heading: break
            case .paragraph(let text): h += "<p>\(escape(text))</p>\n"
            case .table(let t) where t.group == "levels":
                if let y = pendingYear { h += "<h3>\(escape(y))</h3>\n"; pendingYear = nil }
                if let hd = heading { h += "<h3>\(escape(hd))</h3>\n" }
                let body = t.rows.filter { !$0.isSum }.map { r in zip(r.cells, t.columns).map { docCell($0, $1, N) } }
                let foot = t.rows.filter(\.isSum).map { r in (cls: Optional("sub"), cells: zip(r.cells, t.columns).map { docCell($0, $1, N) }) }
                h += table(header: t.columns.map { ($0.header, $0.isNumeric) }, rows: body, foot: foot, sortable: false)
                for f in t.footnotes { h += "<p class=\"muted\">\(escape(f))</p>\n" }
                heading = nil
            case .table: heading = nil
            }
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
                if let cw = l.compareWith, let c = s.components[cw] {
                    // A key that is the published table itself is not "compared with" it: it reproduces it.
                    if l.weights.map(\.component) == [cw] {
                        text += t(" (den offentliggjorte tabel selv; fordelingen gengiver den med hele pladser)",
                                  " (the published table itself; the allocation reproduces it in whole places)")
                    } else {
                        text += t(", sammenholdt med \(c.label)", ", set against \(c.label)")
                    }
                }
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
