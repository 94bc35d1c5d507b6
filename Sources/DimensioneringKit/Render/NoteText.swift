import Foundation

/// The words of a plan's notes, per language.
extension PlanNote {
    public func text(_ lang: Language) -> String {
        let n = { (v: Int) in PlanFormat.int(v, lang) }
        switch self {
        case .populationShare(let date):
            return lang.english ? "municipalities by population share (residents \(date))"
                : "kommunerne fordeles efter befolkningsandel (indbyggere \(date))"
        case .biproportionalCells:
            return lang.english ? "cells apportioned biproportionally: every row and column total is fixed"
                : "cellerne fordelt biproportionalt: hver række- og søjlesum ligger fast"
        case .regionalPart(let name, let seats, let of, let illustrative):
            let mark = illustrative ? (lang.english ? " (illustrative figure, not published)" : " (illustrativt tal, ikke offentliggjort)") : ""
            return lang.english ? "\(name) takes \(n(seats)) of the \(n(of)) places\(mark); the municipalities share \(n(of - seats))"
                : "\(name) tager \(n(seats)) af de \(n(of)) pladser\(mark); kommunerne deler \(n(of - seats))"
        case .carriedShortfall(let places, let units, let file, let year, let illustrative):
            let mark = illustrative ? (lang.english ? "; illustrative figures, not published" : "; illustrative tal, ikke offentliggjort") : ""
            return lang.english
                ? "last year's shortfall carried over (\(file), \(year)\(mark)): \(n(places)) places added to \(n(units)) units on top of their share; a surplus is not deducted"
                : "sidste års mangel overført (\(file), \(year)\(mark)): \(n(places)) pladser lagt oven i andelen hos \(n(units)) enheder; et overskud trækkes ikke fra"
        case .publishedComparison(let c):
            let p = Rational(c.published.floor) == c.published ? n(Int(c.published.floor.description)!) : PlanFormat.decimal(c.published, 2, lang)
            func list(_ xs: [PublishedComparison.Difference]) -> String {
                xs.map { $0.places == 1 ? $0.name : "\($0.name) (\($0.places))" }.joined(separator: ", ")
            }
            var s = lang.english ? "\(c.label): published \(p); apportioned \(n(c.apportioned))"
                : "\(c.label): offentliggjort \(p); fordelt \(n(c.apportioned))"
            if c.more.isEmpty && c.fewer.isEmpty {
                s += lang.english ? "; identical to the published figures" : "; identisk med det offentliggjorte"
            } else {
                if !c.more.isEmpty {
                    let k = c.more.reduce(0) { $0 + $1.places }
                    s += lang.english ? "; +\(k) to \(list(c.more))" : "; +\(k) til \(list(c.more))"
                }
                if !c.fewer.isEmpty {
                    let k = c.fewer.reduce(0) { $0 + $1.places }
                    s += lang.english ? "; −\(k) from \(list(c.fewer))" : "; −\(k) fra \(list(c.fewer))"
                }
            }
            return s
        }
    }

    public func text(english: Bool) -> String { text(english ? .en : .da) }
    public var danish: String { text(.da) }
    public var english: String { text(.en) }
}

extension AgeDataInfo {
    /// "Danmarks Statistik, FOLK1A, 1. januar 2020 (FOLK1A.csv, læst som Windows-1252, givet med
    /// --age-data)": the one wording every report uses for the age data a plan rests on.
    public func sourceText(_ lang: Language) -> String {
        let en = lang.english
        let base = "Danmarks Statistik, FOLK1A, " + ShippedAgeData.dateText(quarter: quarter)
        if shipped { return base + (en ? " (shipped with the program)" : " (leveret med programmet)") }
        var detail = [file]
        if let r = readAs { detail.append(en ? "read as \(r)" : "læst som \(r)") }
        detail.append(en ? "given with --age-data" : "givet med --age-data")
        return base + " (" + detail.joined(separator: ", ") + ")"
    }
}
