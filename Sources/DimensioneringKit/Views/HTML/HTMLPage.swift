import Foundation

/// What a report's footer states about how it was made: when, by which version, from which inputs.
/// Built by the command line (which reads the clock, the environment and the files) and passed to
/// the views as plain values.
public struct ReportStamp: Sendable, Equatable {
    public var generated: Date
    public var version: String
    /// A short fingerprint of the inputs (`InputDigest`).
    public var inputHash: String

    public init(generated: Date, version: String, inputHash: String) {
        self.generated = generated
        self.version = version
        self.inputHash = inputHash
    }

    /// The date a report states: `ReportDate` (SOURCE_DATE_EPOCH) when set, else now.
    public static func generatedDate(environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) throws -> Date {
        try ReportDate.fromSourceDateEpoch(environment) ?? now
    }

    /// "5. marts 2024" / "5 March 2024" (UTC, so the same epoch gives the same text everywhere).
    func dateText(_ lang: Language) -> String { ReportDate.text(generated, lang) }

    var isoDate: String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day], from: generated)
        return String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }
}

/// Self-contained HTML reports (inline CSS and JS, no network) for a KKR agenda: one page that
/// reads on screen (search, sortable columns, contents) and prints to A4 as an annex.
public enum ViewsHTML {
    /// The page's only policy: nothing is loaded; the inline style and script run only because
    /// their hashes are listed.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'sha256-\(SHA256.base64(css))'; script-src 'sha256-\(SHA256.base64(js))'; img-src data:; base-uri 'none'; form-action 'none'"

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

    /// A stable id for an anchor: lower-case ASCII letters, digits and dashes.
    static func anchor(_ s: String) -> String {
        let map: [Character: String] = ["æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"]
        var out = ""
        for ch in s.lowercased() {
            if let m = map[ch] { out += m } else if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch) } else if !out.hasSuffix("-") { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "x" : out
    }

    static let css = """
        :root{--ink:#1b1b1b;--muted:#5b6470;--line:#d9dee5;--head:#eef1f5;--accent:#1f5fa8;--sub:#f6f8fb}
        *{box-sizing:border-box}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0 auto;max-width:1080px;color:var(--ink);padding:1.5em 1.2em;line-height:1.4}
        header .kicker{text-transform:uppercase;letter-spacing:.06em;font-size:.78em;color:var(--muted);margin:0}
        h1{font-size:1.55em;margin:.15em 0 .3em}h2{font-size:1.25em;margin:1.8em 0 .5em;padding-bottom:.2em;border-bottom:2px solid var(--accent)}
        h3{font-size:1.02em;margin:1.2em 0 .4em}
        .answer{background:var(--sub);border-left:4px solid var(--accent);padding:.7em 1em;margin:1em 0}
        .answer p{margin:.2em 0}.answer .big{font-size:1.15em;font-weight:600}
        .illu{color:#8a4b00;font-weight:600}
        tfoot td:first-child{white-space:nowrap}
        .stale{color:#8a4b00}.assumption{font-style:italic}.changes table{width:auto}
        nav.toc{border:1px solid var(--line);padding:.5em 1em;margin:1em 0;columns:2;font-size:.92em}
        nav.toc h2{column-span:all;border:0;margin:.2em 0;font-size:1em}nav.toc ol{margin:0;padding-left:1.4em}
        a{color:var(--accent)}
        .tools{margin:.6em 0}.tools input{font:inherit;padding:.3em .5em;width:22em;max-width:100%}
        table{border-collapse:collapse;width:100%;font-size:.9em;margin:.3em 0 .8em}
        th,td{padding:.28em .55em;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        thead th{background:var(--head);font-weight:600;border-bottom:2px solid #b8c0cc}
        table.data thead th{cursor:pointer;user-select:none}
        .n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th.n{white-space:normal;hyphens:auto}th.nw,.nw{white-space:nowrap}
        tfoot td,tr.sub td{font-weight:700;background:var(--sub);border-top:2px solid #b8c0cc}
        tr.grand td{background:#e3eaf3}
        th[aria-sort=ascending]::after{content:" \\25B2";font-size:.75em}th[aria-sort=descending]::after{content:" \\25BC";font-size:.75em}
        .pos{color:#1a7f37}.neg{color:#b42318}.muted{color:var(--muted);font-size:.9em}
        figure{margin:.8em 0 1.2em}figcaption{font-size:.85em;color:var(--muted);margin-top:.2em}
        svg{max-width:100%;height:auto;display:block}
        dl.inputs{display:grid;grid-template-columns:max-content 1fr;gap:.25em 1em;margin:.4em 0}dl.inputs dt{font-weight:600}dl.inputs dd{margin:0}
        ol.steps{padding-left:1.3em}ol.steps li{margin:.25em 0}
        table.extremes td:last-child{width:24%}table.extremes code{overflow-wrap:anywhere;font-size:.85em}details>summary{cursor:pointer;margin:.4em 0;color:var(--accent)}
        footer{margin-top:2.2em;font-size:.85em;color:var(--muted);border-top:1px solid var(--line);padding-top:.5em}
        @page{size:A4;margin:14mm 12mm 16mm 12mm;@bottom-right{content:counter(page) " / " counter(pages);font-size:8pt;color:#555}}
        @media print{
        body{max-width:none;padding:0;font-size:9.5pt;line-height:1.3}
        .tools,nav.toc,.noprint{display:none}
        section.part~section.part,section.break{break-before:page}figure svg{max-width:165mm;margin:0 auto}
        h2,h3{break-after:avoid}
        table{font-size:8.8pt}thead{display:table-header-group}tfoot{display:table-row-group}
        tr,figure,.answer{break-inside:avoid}
        tbody tr:nth-last-child(-n+2){break-after:avoid}tfoot tr{break-before:avoid}
        figure figcaption.head{font-weight:600;color:var(--fg,#111);margin:0 0 .3em}
        tr[hidden]{display:table-row}section[hidden]{display:block}
        table.data thead th{cursor:auto}th[aria-sort]::after{content:""}
        a{color:inherit;text-decoration:none}
        thead th,tfoot td,tr.sub td,.answer{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        }
        """

    /// Search (with ?q= from the address) over every table's body rows, and sortable columns
    /// within each table body (totals in the table foot stay put). Plain JS.
    static let js = """
        (function(){
        function norm(s){return (s||'').toLocaleLowerCase('da');}
        function filter(){var q=norm(document.getElementById('search').value);var n=0;
        document.querySelectorAll('table.data').forEach(function(t){var hits=0;
        t.querySelectorAll('tbody tr').forEach(function(tr){var hit=norm(tr.textContent).indexOf(q)>=0;tr.hidden=!hit;if(hit){hits++;n++;}});
        var sec=t.closest('section.part');if(sec)sec.hidden=(q!==''&&hits===0);});
        var c=document.getElementById('count');if(c)c.textContent=q===''?'':c.getAttribute('data-rows')+': '+n;}
        function val(td){var v=td.getAttribute('data-v');if(v!==null&&v!==''&&!isNaN(+v))return +v;return norm(td.textContent);}
        document.querySelectorAll('table.data').forEach(function(t){t.querySelectorAll('thead th').forEach(function(th,i){
        th.tabIndex=0;function sort(){
        var asc=th.getAttribute('aria-sort')!=='ascending';t.querySelectorAll('thead th').forEach(function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');var tb=t.tBodies[0];var rows=Array.prototype.slice.call(tb.rows);
        rows.sort(function(a,b){var x=val(a.cells[i]),y=val(b.cells[i]);var r=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y),'da');return asc?r:-r;});
        rows.forEach(function(r){tb.appendChild(r);});}
        th.addEventListener('click',sort);th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sort();}});});});
        var s=document.getElementById('search');if(s){s.addEventListener('input',filter);
        var q=new URLSearchParams(window.location.search).get('q');if(q){s.value=q;}filter();}
        })();
        """

    static func page(title: String, body: String, lang: Language, script: Bool = true) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(css)</style>
        </head>
        <body>
        \(body)
        \(script ? "<script>\(js)</script>\n" : "")</body>
        </html>

        """
    }

    struct Cell {
        var text: String
        var sortValue: String? = nil
        var numeric = false
        var cls: String? = nil
        /// Raw HTML instead of escaped text (already escaped by the caller).
        var html: String? = nil
        var span = 1
    }

    static func cellHTML(_ c: Cell, header: Bool = false) -> String {
        var cls = c.numeric ? ["n"] : []
        if let x = c.cls { cls.append(x) }
        let tag = header ? "th" : "td"
        return "<\(tag)" + (header ? " scope=\"row\"" : "") + (c.span > 1 ? " colspan=\"\(c.span)\"" : "") + (cls.isEmpty ? "" : " class=\"\(cls.joined(separator: " "))\"")
            + (c.sortValue.map { " data-v=\"\(escape($0))\"" } ?? "") + ">" + (c.html ?? escape(c.text)) + "</\(tag)>"
    }

    /// A table with a sortable body and totals in the foot (which stay put when sorted).
    static func table(header: [(String, Bool)], rows: [[Cell]], foot: [(cls: String?, cells: [Cell])] = [], caption: String? = nil, sortable: Bool = true) -> String {
        var s = "<table\(sortable ? " class=\"data\"" : "")>"
        if let caption { s += "<caption class=\"muted\">\(escape(caption))</caption>" }
        s += "<thead><tr>"
        for (h, n) in header {
            let cls = (n ? ["n"] : []) + (h.count <= 8 ? ["nw"] : [])
            s += "<th scope=\"col\"" + (cls.isEmpty ? "" : " class=\"\(cls.joined(separator: " "))\"") + ">\(escape(h))</th>"
        }
        s += "</tr></thead>\n<tbody>\n"
        for r in rows { s += "<tr>" + r.map { cellHTML($0) }.joined() + "</tr>\n" }
        s += "</tbody>\n"
        if !foot.isEmpty {
            s += "<tfoot>\n"
            for f in foot { s += "<tr\(f.cls.map { " class=\"\($0)\"" } ?? "")>" + f.cells.map { cellHTML($0) }.joined() + "</tr>\n" }
            s += "</tfoot>\n"
        }
        return s + "</table>\n"
    }

    static func searchBox(_ lang: Language) -> String {
        let t = Words(lang)
        return "<div class=\"tools\"><label>\(t("Søg", "Search")): <input type=\"search\" id=\"search\" placeholder=\"\(t("kommune, kode, KKR …", "municipality, code, KKR …"))\"></label> "
            + "<span id=\"count\" class=\"muted\" data-rows=\"\(t("Viste rækker", "Rows shown"))\"></span></div>\n"
    }

    static func footer(_ stamp: ReportStamp?, lang: Language) -> String {
        let t = Words(lang)
        var parts: [String] = []
        if let stamp {
            parts.append(t("Dannet", "Generated") + " <time datetime=\"\(stamp.isoDate)\">\(escape(stamp.dateText(lang)))</time>")
            parts.append(t("dimensionering version", "dimensionering version") + " " + escape(stamp.version))
            parts.append(t("inddata-fingeraftryk", "input fingerprint") + " <code>\(escape(stamp.inputHash))</code>")
        } else {
            parts.append("dimensionering")
        }
        return "<footer><p>" + parts.joined(separator: " · ") + "</p><p>"
            + t("Siden er selvstændig og henter intet fra nettet. Fingeraftrykket ændres, hvis scenariet, data eller ændringer (--set) ændres.",
                "The page is self-contained and loads nothing from the network. The fingerprint changes when the scenario, the data or the overrides (--set) change.")
            + "</p></footer>"
    }
}

/// Danish or English words: `t("Kommune", "Municipality")`.
struct Words {
    let lang: Language
    init(_ lang: Language) { self.lang = lang }
    func callAsFunction(_ da: String, _ en: String) -> String { lang.english ? en : da }
    func int(_ v: Int) -> String { PlanFormat.int(v, lang) }
    func dec(_ r: Rational, _ places: Int) -> String { PlanFormat.decimal(r, places, lang) }
    func dec(_ d: Double, _ places: Int) -> String {
        let s = String(format: "%.\(places)f", d)
        return lang.english ? s : s.replacingOccurrences(of: ".", with: ",").replacingOccurrences(of: "-", with: "−")
    }
    func signed(_ v: Int) -> String { v > 0 ? "+" + int(v) : v < 0 ? "−" + int(-v) : "0" }
    var illustrative: String { self("Illustrativt tal (ikke offentliggjort)", "Illustrative figure (not published)") }
}
