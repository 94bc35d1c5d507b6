import Foundation

extension ViewsHTML {
    /// One municipality's answer as a page, styled like the plan: the answer first, then the
    /// reasoning step by step, then method and sources. With the plan, sources are described as on
    /// the plan page; without it, the explanation's own footer lines are used (file names left out).
    public static func explanation(_ x: Explanation, plan: PlanResult? = nil, stamp: ReportStamp? = nil) -> String {
        let lang = x.lang
        let t = Words(lang)
        let short = x.title.split(separator: ":").first.map(String.init) ?? x.scenario
        var b = "<header><p class=\"kicker\">\(escape(t("Kommunens pladser", "The municipality's places"))) · \(escape(short))</p>"
        b += "<h1>\(escape(x.municipality.name)) (\(escape(x.municipality.code))), KKR \(escape(x.municipality.kkr))</h1>"
        b += "<p class=\"muted\">\(escape(x.title))</p></header>\n"
        b += "<section class=\"answer\" aria-label=\"\(t("Resultat", "Result"))\">" + x.headline.map { "<p class=\"big\">\(escape($0))</p>" }.joined()
        if x.sources.contains(where: \.illustrative) {
            b += "<p class=\"illu\">" + escape(t("Bygger på illustrative tal (ikke offentliggjort): ", "Rests on illustrative figures (not published): ")
                                               + uniq(x.sources.filter(\.illustrative).map(\.label)).joined(separator: "; ")) + "</p>"
        }
        b += "</section>\n"
        if let c = x.changes { b += "<p class=\"stale\">\(escape(c))</p>\n" }
        b += "<h2>\(t("Sådan er tallet fundet", "How the figure comes about"))</h2>\n"
        var year = ""
        for s in x.steps {
            if s.year != year, !s.year.isEmpty { b += "<h3>\(escape(s.year))</h3>\n"; year = s.year }
            b += "<section class=\"step\"><h3>\(escape(s.education)) · \(escape(levelTitle(s, lang)))</h3><ol class=\"steps\">"
            for l in s.lines { b += "<li>\(escape(l))</li>" }
            b += "</ol></section>\n"
        }
        b += "<h2>\(t("Metode og kilder", "Method and sources"))</h2>\n"
        if let plan {
            b += "<p>" + escape(t("Metode: ", "Method: ") + methodName(plan.scenario.method, lang) + "; " + t("uafgjort afgøres efter ", "ties decided by ") + tieWords(plan.scenario.ties, lang) + ".") + "</p>\n"
            let notes = notes([plan], lang: lang)
            if !notes.isEmpty { b += "<h3>\(t("Bemærkninger", "Notes"))</h3><ul>" + notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n" }
            // Only the sources of this municipality's chain (the explanation's own list).
            var chain = plan
            chain.sources = x.sources
            if !x.usesAgeData { chain.ageData = nil }
            b += "<h3>\(t("Kilder", "Sources"))</h3>\n" + sources([chain], lang: lang)
        } else {
            let lines = x.footer.filter { !$0.hasPrefix("Aldersdata: ") && !$0.hasPrefix("Age data: ") }
            b += "<ul>" + lines.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
        }
        b += footer(stamp, lang: lang)
        return page(title: x.headline.first ?? x.municipality.name, body: b, lang: lang, script: false)
    }

    static func levelTitle(_ s: Explanation.Step, _ lang: Language) -> String {
        switch s.level {
        case "kkr": return "KKR"
        case "municipality": return Words(lang)("kommune", "municipality")
        default: return s.level
        }
    }
}
