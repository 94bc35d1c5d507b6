import Foundation

/// Self-contained HTML reports (inline CSS and JS, no network) for a KKR agenda.
public enum ViewsHTML {
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

    /// Escapes text for HTML element content and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1100px;color:#1b1b1b;padding:0 1em}
        h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;width:100%;font-size:.9em}th,td{padding:.25em .5em;border-bottom:1px solid #e4e4e4;text-align:left}
        th{background:#f2f4f7;cursor:pointer;user-select:none;position:sticky;top:0}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
        .summary{background:#f7f9fb;border:1px solid #dde3ea;padding:.6em 1em;border-radius:4px}
        .pos{color:#1a7f37}.neg{color:#b42318}.muted{color:#666;font-size:.9em}
        input[type=search]{font-size:1em;padding:.3em .5em;width:20em;margin:.5em 0}
        svg{max-width:100%;height:auto;background:#fff}footer{margin-top:2em;font-size:.85em;color:#555;border-top:1px solid #ccc;padding-top:.5em}
        """

    /// Search (with ?q= from the address) and sortable columns, plain JS.
    static let js = """
        (function(){
        function norm(s){return (s||'').toLocaleLowerCase('da');}
        function filter(){var q=norm(document.getElementById('search').value);var n=0;
        document.querySelectorAll('table.data tbody tr').forEach(function(tr){var hit=norm(tr.textContent).indexOf(q)>=0;tr.hidden=!hit;if(hit)n++;});
        var c=document.getElementById('count');if(c)c.textContent=n+' rækker vist';}
        function val(td){var v=td.getAttribute('data-v');if(v!==null&&v!==''&&!isNaN(+v))return +v;return norm(td.textContent);}
        document.querySelectorAll('table.data').forEach(function(t){t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
        var asc=th.getAttribute('aria-sort')!=='ascending';t.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');var tb=t.tBodies[0];var rows=Array.prototype.slice.call(tb.rows);
        rows.sort(function(a,b){var x=val(a.cells[i]),y=val(b.cells[i]);var r=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y),'da');return asc?r:-r;});
        rows.forEach(function(r){tb.appendChild(r);});});});});
        var s=document.getElementById('search');if(s){s.addEventListener('input',filter);
        var q=new URLSearchParams(window.location.search).get('q');if(q){s.value=q;}filter();}
        })();
        """

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="da">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        \(body)
        <script>
        \(js)
        </script>
        </body>
        </html>

        """
    }

    struct Cell {
        var text: String
        var sortValue: String? = nil
        var numeric = false
        var cls: String? = nil
    }

    static func table(header: [(String, Bool)], rows: [[Cell]]) -> String {
        var s = "<table class=\"data\"><thead><tr>"
        for (h, n) in header { s += "<th\(n ? " class=\"n\"" : "")>\(escape(h))</th>" }
        s += "</tr></thead><tbody>\n"
        for r in rows {
            s += "<tr>"
            for c in r {
                var cls = c.numeric ? ["n"] : []
                if let x = c.cls { cls.append(x) }
                s += "<td" + (cls.isEmpty ? "" : " class=\"\(cls.joined(separator: " "))\"") + (c.sortValue.map { " data-v=\"\(escape($0))\"" } ?? "") + ">\(escape(c.text))</td>"
            }
            s += "</tr>\n"
        }
        return s + "</tbody></table>\n"
    }

    static let searchBox = "<p><label>Søg: <input type=\"search\" id=\"search\" placeholder=\"kommune, kode, KKR …\"></label> <span id=\"count\" class=\"muted\"></span></p>\n"

    /// The sources the plans rest on, as their scenarios declare them, each with its date; an
    /// illustrative input is marked as such.
    static func sources(_ plans: [PlanResult]) -> String {
        var items: [String] = []
        for p in plans {
            for src in p.sources {
                var t = src.label
                if let c = src.citation { t += ". Kilde: " + c }
                if let d = src.date { t += " (\(d))" }
                if src.illustrative { t += ". Illustrativt tal (ikke offentliggjort)" }
                if !items.contains(t) { items.append(t) }
            }
            if let a = p.ageData {
                let t = "Aldersfordeling: Danmarks Statistik, FOLK1A (\(ShippedAgeData.dateText(quarter: a.quarter)))" + (a.shipped ? ", leveret med programmet" : ", givet med --age-data")
                if !items.contains(t) { items.append(t) }
            }
        }
        items.append("Kommuner og KKR: de 98 kommuner og 5 kommunekontaktråd.")
        return "<ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
    }

    static func inputs(_ s: Scenario) -> String {
        var h = "<dl>"
        h += "<dt>Scenarie</dt><dd>\(escape(s.name)) — \(escape(s.chain.joined(separator: " ← ")))</dd>"
        h += "<dt>Metode</dt><dd>\(escape(s.method.danishName)); uafgjort afgøres efter: \(escape(s.ties.danishDescription))</dd>"
        for n in s.notes { h += "<dt>Bemærk</dt><dd>\(escape(n))</dd>" }
        for name in s.components.keys.sorted() {
            let c = s.components[name]!
            let kind: String
            switch c.kind {
            case .population: kind = "befolkningsandel"
            case .elderly: kind = "ældreudgiftsnøgle"
            case .table(_, let shown, _, _): kind = "tabel \((shown as NSString).lastPathComponent)"
            case .shares(let list): kind = "andele " + list.map { "\($0.0) = \($0.1.decimalString(places: 2))" }.joined(separator: ", ")
            }
            h += "<dt>Komponent \(escape(name))</dt><dd>\(escape(c.label)): \(escape(kind))</dd>"
        }
        for e in s.educations {
            let totals = e.totals.map { ($0.year.isEmpty ? "" : "\($0.year): ") + ViewFormat.int($0.total) }.joined(separator: ", ")
            var lv: [String] = []
            for l in e.levels {
                let w = l.weights.map { "\($0.component) × \(ViewFormat.dec($0.weight, 2))" }.joined(separator: " + ")
                lv.append("\(l.name): \(w)" + (l.boundsFile != nil ? " (gulve/lofter)" : ""))
            }
            h += "<dt>\(escape(e.name))</dt><dd>\(escape(totals)) pladser\(e.region.map { " i KKR \(escape($0))" } ?? ""); niveauer: \(escape(lv.joined(separator: "; ")))</dd>"
        }
        return h + "</dl>"
    }

    static let methodText = """
        Pladserne fordeles niveau for niveau (landet → KKR → kommuner): hvert niveau summer præcist til niveauet over. \
        En enheds nøgle er den vægtede sum af dens andele af hver komponent. Den ideelle kvote er nøgle × pladser; \
        heltallene findes med en divisormetode (eller største brøks metode) med eksakt aritmetik, under gulve og lofter. \
        Der går aldrig pladser tabt ved afrunding.
        """

    // MARK: Charts

    /// Scatter: places (y) against key share (x), one dot per unit.
    static func scatter(_ points: [(name: String, share: Double, seats: Int)], title: String) -> String {
        let w = 1000.0, h = 420.0, ml = 60.0, mb = 45.0, mt = 25.0, mr = 20.0
        let maxX = Swift.max(points.map(\.share).max() ?? 1, 1e-9) * 1.05
        let maxY = Double(Swift.max(points.map(\.seats).max() ?? 1, 1)) * 1.05
        func x(_ v: Double) -> Double { ml + v / maxX * (w - ml - mr) }
        func y(_ v: Double) -> Double { h - mb - v / maxY * (h - mb - mt) }
        var s = "<svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"\(escape(title))\">"
        s += "<title>\(escape(title))</title>"
        s += "<line x1=\"\(ml)\" y1=\"\(h - mb)\" x2=\"\(w - mr)\" y2=\"\(h - mb)\" stroke=\"#444\"/><line x1=\"\(ml)\" y1=\"\(mt)\" x2=\"\(ml)\" y2=\"\(h - mb)\" stroke=\"#444\"/>"
        s += "<line x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(maxX / 1.05))\" y2=\"\(y(maxX / 1.05 * totalFor(points)))\" stroke=\"#9ab\" stroke-dasharray=\"4 3\"/>"
        for i in 0...4 {
            let v = maxY / 1.05 * Double(i) / 4
            s += "<text x=\"\(ml - 6)\" y=\"\(String(format: "%.1f", y(v) + 4))\" font-size=\"11\" text-anchor=\"end\">\(Int(v.rounded()))</text>"
            let u = maxX / 1.05 * Double(i) / 4
            s += "<text x=\"\(String(format: "%.1f", x(u)))\" y=\"\(h - mb + 16)\" font-size=\"11\" text-anchor=\"middle\">\(ViewFormat.dec(u * 100, 2)) %</text>"
        }
        s += "<text x=\"\(w / 2)\" y=\"\(h - 6)\" font-size=\"12\" text-anchor=\"middle\">Nøgleandel</text>"
        s += "<text x=\"14\" y=\"\(h / 2)\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(h / 2))\">Pladser</text>"
        for p in points {
            s += "<circle cx=\"\(String(format: "%.1f", x(p.share)))\" cy=\"\(String(format: "%.1f", y(Double(p.seats))))\" r=\"4\" fill=\"#2f6db5\" fill-opacity=\".75\"><title>\(escape(p.name)): \(p.seats) pladser, nøgle \(ViewFormat.dec(p.share * 100, 3)) %</title></circle>"
        }
        return s + "</svg>\n"
    }

    private static func totalFor(_ points: [(name: String, share: Double, seats: Int)]) -> Double {
        let t = points.reduce(0) { $0 + $1.seats }
        return Double(t)
    }

    /// Horizontal bars: change in places per unit.
    static func bars(_ items: [(name: String, change: Int)], title: String) -> String {
        let rowH = 18.0, ml = 190.0, w = 1000.0
        let h = Double(items.count) * rowH + 40
        let m = Double(Swift.max(items.map { abs($0.change) }.max() ?? 1, 1))
        let mid = ml + (w - ml - 20) / 2, half = (w - ml - 20) / 2 - 30
        var s = "<svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"\(escape(title))\">"
        s += "<title>\(escape(title))</title><line x1=\"\(mid)\" y1=\"10\" x2=\"\(mid)\" y2=\"\(h - 20)\" stroke=\"#444\"/>"
        for (i, it) in items.enumerated() {
            let y = 15 + Double(i) * rowH
            let len = Double(abs(it.change)) / m * half
            let x0 = it.change >= 0 ? mid : mid - len
            s += "<text x=\"\(ml - 6)\" y=\"\(y + 12)\" font-size=\"11\" text-anchor=\"end\">\(escape(it.name))</text>"
            s += "<rect x=\"\(String(format: "%.1f", x0))\" y=\"\(y + 2)\" width=\"\(String(format: "%.1f", Swift.max(len, 1)))\" height=\"\(rowH - 5)\" fill=\"\(it.change >= 0 ? "#1a7f37" : "#b42318")\"><title>\(escape(it.name)): \(ViewFormat.signed(it.change))</title></rect>"
            let tx = it.change >= 0 ? x0 + len + 4 : x0 - 4
            s += "<text x=\"\(String(format: "%.1f", tx))\" y=\"\(y + 12)\" font-size=\"11\" text-anchor=\"\(it.change >= 0 ? "start" : "end")\">\(ViewFormat.signed(it.change))</text>"
        }
        return s + "</svg>\n"
    }

    // MARK: Plan

    public static func plan(_ p: PlanResult) -> String {
        let s = p.scenario
        var b = "<header><h1>\(escape(s.title))</h1><p class=\"muted\">Scenarie: \(escape(s.name))</p></header>\n"
        b += "<section class=\"summary\"><h2>Resumé</h2><ul>"
        for y in p.years {
            for e in y.educations {
                var line = (y.year.isEmpty ? "" : "\(y.year): ") + "\(e.name): \(ViewFormat.int(e.total)) pladser" + (e.region.map { " i KKR \($0)" } ?? "")
                if let kkr = e.levels.first(where: { $0.units == .kkr && $0.role == .plain }), kkr.groups.count == 1, kkr.groups[0].rows.count > 1 {
                    line += " — " + kkr.groups[0].rows.map { "\($0.name) \(ViewFormat.int($0.seats))" }.joined(separator: ", ")
                }
                b += "<li>\(escape(line))</li>"
            }
        }
        b += "</ul></section>\n"
        // Table of every unit.
        b += "<h2>Fordeling</h2>\n" + searchBox
        var rows: [[Cell]] = []
        var charts = ""
        for y in p.years {
            for e in y.educations {
                for l in e.levels {
                    let levelTotal = l.groups.reduce(0) { $0 + $1.total }
                    var points: [(name: String, share: Double, seats: Int)] = []
                    for g in l.groups {
                        for r in g.rows {
                            let share = levelTotal > 0 ? (r.ideal / Rational(levelTotal)).doubleValue : 0
                            points.append((r.name, share, r.seats))
                            let bound = r.bound == .atMinimum ? "gulv \(r.min)" : r.bound == .atMaximum ? "loft \(r.max ?? 0)" : ""
                            rows.append([Cell(text: y.year), Cell(text: e.name), Cell(text: PlanLabels(english: false).level(l)),
                                         Cell(text: g.parentName), Cell(text: r.code), Cell(text: r.name),
                                         Cell(text: ViewFormat.dec(r.key * Rational(100), 4) + " %", sortValue: r.key.decimalString(places: 12), numeric: true),
                                         Cell(text: ViewFormat.dec(r.ideal, 3), sortValue: r.ideal.decimalString(places: 6), numeric: true),
                                         Cell(text: String(r.seats), sortValue: String(r.seats), numeric: true),
                                         Cell(text: bound)])
                        }
                    }
                    if l.units == .municipality && l.role != .cells {
                        let t = (y.year.isEmpty ? "" : "\(y.year): ") + "\(e.name): pladser mod nøgleandel pr. kommune"
                        charts += "<h3>\(escape(t))</h3>\n" + scatter(points, title: t)
                    }
                }
            }
        }
        var header: [(String, Bool)] = [("Studieår", false), ("Uddannelse", false), ("Niveau", false), ("Under", false), ("Kode", false), ("Navn", false),
                                        ("Nøgle", true), ("Ideel kvote", true), ("Pladser", true), ("Grænse", false)]
        if p.singleYear {
            header.removeFirst()
            rows = rows.map { Array($0.dropFirst()) }
        }
        b += table(header: header, rows: rows)
        if !charts.isEmpty { b += "<h2>Diagram</h2>\n" + charts }
        b += "<h2>Scenariets input</h2>\n" + inputs(s)
        b += "<h2>Metode</h2>\n<p>\(escape(methodText))</p>\n"
        var notes = ""
        for y in p.years { for e in y.educations { for l in e.levels {
            for n in l.notes { notes += "<li>\(escape(n.text(.da)))</li>" }
            for g in l.groups { for n in g.notes { notes += "<li>\(escape(n.text(.da)))</li>" }; for t in g.ties { notes += "<li>\(escape(PlanLabels.tie(t, english: false)))</li>" } }
        } } }
        if !notes.isEmpty { b += "<h2>Bemærkninger</h2><ul>\(notes)</ul>\n" }
        b += "<footer><h2>Kilder</h2>\n" + sources([p])
        b += "<p class=\"muted\">Dannet af dimensionering. Filen er selvstændig og henter intet fra nettet.</p></footer>"
        return page(title: s.title, body: b)
    }

    // MARK: Comparison

    public static func comparison(_ c: Comparison) -> String {
        let title = "Sammenligning: " + c.columns.map(\.label).joined(separator: " / ")
        var b = "<header><h1>\(escape(title))</h1></header>\n<section class=\"summary\"><h2>Resumé</h2>"
        b += "<ul>" + c.columns.map { col in "<li>\(escape(col.label)): \(escape(col.result.scenario.title)) (\(escape(col.result.scenario.method.danishName)))</li>" }.joined() + "</ul>"
        for s in c.sections {
            b += "<h3>\(escape(s.title))</h3><ul>" + c.summaryLines(s).map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        }
        b += "</section>\n<h2>Kommuner og KKR</h2>\n" + searchBox
        var header: [(String, Bool)] = [("Uddannelse", false), ("Niveau", false), ("Under", false), ("Kode", false), ("Navn", false)]
        for (i, col) in c.columns.enumerated() {
            header.append((col.label, true))
            if i > 0 { header += [("Δ \(col.label)", true), ("%", true)] }
        }
        var rows: [[Cell]] = []
        var charts = ""
        for s in c.sections {
            for r in s.rows {
                var row = [Cell(text: (s.year.isEmpty ? "" : "\(s.year) ") + s.educationName), Cell(text: s.kind == .kkr ? "KKR" : s.kind == .municipality ? "Kommune" : s.level),
                           Cell(text: r.parent), Cell(text: r.code), Cell(text: r.name)]
                for i in c.columns.indices {
                    row.append(Cell(text: r.entries[i].map { String($0.seats) } ?? "—", sortValue: r.entries[i].map { String($0.seats) }, numeric: true))
                    if i > 0 {
                        let d = r.change(i)
                        row.append(Cell(text: d.map(ViewFormat.signed) ?? "", sortValue: d.map(String.init), numeric: true,
                                        cls: d.map { $0 > 0 ? "pos" : $0 < 0 ? "neg" : "" }))
                        row.append(Cell(text: r.percent(i).map { ViewFormat.dec($0, 1) } ?? "", sortValue: r.percent(i).map { String(format: "%.4f", $0) }, numeric: true))
                    }
                }
                rows.append(row)
            }
            let last = c.columns.count - 1
            if last > 0 {
                let items = s.changed(last).map { ($0.name, $0.change(last)!) }
                if !items.isEmpty {
                    let shown = Array(items.enumerated().sorted { abs($0.element.1) != abs($1.element.1) ? abs($0.element.1) > abs($1.element.1) : $0.offset < $1.offset }.prefix(40).map(\.element))
                    let t = "\(s.title): ændring i pladser, \(c.columns[last].label) mod \(c.columns[0].label)"
                    charts += "<h3>\(escape(t))</h3>\n" + bars(shown.map { (name: $0.0, change: $0.1) }, title: t)
                }
            }
        }
        b += table(header: header, rows: rows)
        b += "<h2>Diagram</h2>\n" + (charts.isEmpty ? "<p>Ingen ændringer.</p>\n" : charts)
        for col in c.columns where c.columns.first?.label == col.label || !c.yearsAsColumns {
            b += "<h2>Input: \(escape(col.label))</h2>\n" + inputs(col.result.scenario)
        }
        b += "<h2>Metode</h2>\n<p>\(escape(methodText)) Disproportionalitet måles mod hvert scenaries egen nøgle: Loosemore-Hanby = ½ Σ |pladsandel − nøgleandel|, Gallagher = √(½ Σ forskel²), i procentpoint.</p>\n"
        b += "<footer><h2>Kilder</h2>\n" + sources(c.columns.map(\.result))
        b += "<p class=\"muted\">Dannet af dimensionering. Filen er selvstændig og henter intet fra nettet.</p></footer>"
        return page(title: title, body: b)
    }
}

extension ViewsHTML {
    /// One municipality's answer as a page: the answer first, then the reasoning and sources.
    static func explanation(_ x: Explanation) -> String {
        var b = "<h1>\(escape(x.headline.first ?? x.municipality.name))</h1>\n"
        for h in x.headline.dropFirst() { b += "<p class=\"lead\">\(escape(h))</p>\n" }
        var year = ""
        for s in x.steps {
            if s.year != year, !s.year.isEmpty { b += "<h2>\(escape(s.year))</h2>\n"; year = s.year }
            b += "<section><h3>\(escape(s.education)) · \(escape(s.level))</h3><ul>"
            for l in s.lines { b += "<li>\(escape(l))</li>" }
            b += "</ul></section>\n"
        }
        b += "<footer><ul>" + x.footer.map { "<li>\(escape($0))</li>" }.joined() + "</ul></footer>"
        return page(title: x.headline.first ?? x.municipality.name, body: b)
    }
}
