import BigInt
import Foundation

// MARK: - Parsing

struct ScenarioParser {
    let layers: ScenarioLayers

    static let topKeys = ["name", "title", "year", "extends", "method", "ties", "notes", "component", "education", "agreed_minimum"]
    static let componentKeys = ["kind", "label", "file", "unit_column", "value_column", "values", "bands", "source", "date", "illustrative"]
    static let educationKeys = ["name", "counts", "same_places_as", "total", "totals", "phase_in", "base", "region", "levels", "level", "overbooking", "dropout",
                                "carry_over", "carry_over_from"]
    static let levelKeys = ["units", "names", "weights", "bounds", "min_pct_of_last_year", "compare_with", "columns", "region_share"]

    func parse() throws -> Scenario {
        let L = layers
        try L.checkKeys(at: [], allowed: Self.topKeys, what: "the scenario")
        let file = L.layers[0].file
        let name = try L.string(["name"])?.0 ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let title = try L.string(["title"])?.0 ?? name
        var method = ApportionmentMethod.sainteLague
        if let (m, v) = try L.string(["method"]) {
            guard let mm = ApportionmentMethod(name: m) else {
                let names = ApportionmentMethod.allCases.map(\.rawValue)
                let hint = EditDistance.suggestion(for: m, among: names).map { "did you mean '\($0)'? " } ?? ""
                throw DimensioneringError.badData(v.location, "unknown method '\(m)'; \(hint)one of: \(names.joined(separator: ", "))")
            }
            method = mm
        }
        var ties = TieRule.inputOrder
        if let (t, v) = try L.string(["ties"]) {
            guard let tt = TieRule(parsing: t), t.lowercased() != "lot" else {
                throw DimensioneringError.badData(v.location, "unknown tie rule '\(t)'; one of: fail, order, lot:SEED")
            }
            ties = tt
        }
        var notes: [String] = []
        if let v = L.get(["notes"]) {
            guard let arr = v.node.array else { throw L.typeError(v, "an array of strings") }
            for n in arr {
                guard let s = n.string else {
                    throw DimensioneringError.badData(SourceLocation(file: v.file, line: n.line, field: "notes"), "expected a string")
                }
                try ScenarioLayers.checkText(s, at: SourceLocation(file: v.file, line: n.line, field: "notes"))
                notes.append(s)
            }
        }

        var components: [String: ScenarioComponent] = [:]
        for c in L.keys(at: ["component"]) {
            components[c] = try parseComponent(c)
        }

        var educations: [ScenarioEducation] = []
        var years: [String] = []
        let eduKeys = L.keys(at: ["education"])
        if eduKeys.isEmpty {
            throw DimensioneringError.badData(SourceLocation(file: file, line: nil, field: "education"), "the scenario defines no education")
        }
        for e in eduKeys {
            let edu = try parseEducation(e, components: components)
            for (y, _) in edu.totals where !y.isEmpty && !years.contains(y) { years.append(y) }
            educations.append(edu)
        }
        if years.isEmpty { years = [""] }
        // Educations with one total run every year; with totals or a phase-in, a missing year is an error.
        for e in educations where e.totals.count > 1 || !(e.totals.first?.year.isEmpty ?? true) {
            for y in years where !e.totals.contains(where: { $0.year == y }) {
                let v = L.get(["education", e.id, "totals"]) ?? L.get(["education", e.id, "phase_in"]) ?? L.get(["education", e.id])!
                throw DimensioneringError.badData(v.location, "no total for year \(y) (another education has one); give 0 if none")
            }
        }
        var agreed: (Int, String)?
        if let v = L.get(["agreed_minimum"]) {
            guard let t = v.node.table, let places = t["places"]?.integer, places >= 0, let source = t["source"]?.string else {
                throw L.typeError(v, "a table { places = N, source = \"...\" }")
            }
            if let u = t.unknownKeys(allowed: ["places", "source"]).first {
                throw DimensioneringError.badData(v.location, "unknown key '\(u.key)' in agreed_minimum")
            }
            agreed = (places, source)
        }
        var scenario = Scenario(name: name, title: title, file: file, chain: L.layers.map(\.file), method: method, ties: ties,
                                notes: notes, components: components, educations: educations, years: years,
                                agreedMinimum: agreed.map { (places: $0.0, source: $0.1) })
        if let (y, _) = try L.string(["year"]) { scenario.planYear = y }
        return scenario
    }

    func parseComponent(_ c: String) throws -> ScenarioComponent {
        let L = layers
        let p = ["component", c]
        guard let whole = L.get(p), whole.node.table != nil else {
            throw L.typeError(L.get(p)!, "a table")
        }
        try L.checkKeys(at: p, allowed: Self.componentKeys, what: "component '\(c)'")
        guard let (kind, kv) = try L.string(p + ["kind"]) else {
            throw DimensioneringError.badData(whole.location, "component '\(c)' needs kind = \"population\" | \"table\" | \"shares\" | \"elderly\"")
        }
        let label = try L.string(p + ["label"])?.0 ?? c
        var illustrative = false
        if let v = L.get(p + ["illustrative"]) {
            guard let b = v.node.bool else { throw L.typeError(v, "true or false") }
            illustrative = b
        }
        var source = DataSource(label: label, citation: try L.string(p + ["source"])?.0, date: try L.string(p + ["date"])?.0,
                                illustrative: illustrative)
        switch kind {
        case "population":
            // The shipped municipality table, unless the scenario says otherwise.
            source.citation = source.citation ?? MunicipalityRegistry.populationSource
            source.date = source.date ?? MunicipalityRegistry.populationDate
            return ScenarioComponent(name: c, kind: .population, label: label, location: kv.location, source: source)
        case "table":
            guard let (f, fv) = try L.string(p + ["file"]) else {
                throw DimensioneringError.badData(kv.location, "a table component needs file = \"...\"")
            }
            let (path, shown) = try resolveDataFile(f, at: fv)
            guard let (uc, _) = try L.string(p + ["unit_column"]), let (vc, _) = try L.string(p + ["value_column"]) else {
                throw DimensioneringError.badData(kv.location, "a table component needs unit_column and value_column")
            }
            return ScenarioComponent(name: c, kind: .table(path: path, shown: shown, unitColumn: uc, valueColumn: vc), label: label,
                                     location: fv.location, source: source)
        case "shares":
            guard let vv = L.get(p + ["values"]), vv.node.table != nil else {
                throw DimensioneringError.badData(kv.location, "a shares component needs values = { unit = share, ... }")
            }
            var out: [(id: String, value: Rational, location: SourceLocation)] = []
            for k in L.keys(at: p + ["values"]) {
                let (r, loc) = try L.number(p + ["values", k])!
                out.append((k, r, loc.location))
            }
            return ScenarioComponent(name: c, kind: .shares(out), label: label, location: vv.location, source: source)
        case "elderly":
            guard let bv = L.get(p + ["bands"]), let arr = bv.node.array, !arr.isEmpty else {
                throw DimensioneringError.badData(kv.location, "an elderly component needs bands = [{ from = 65, to = 66, amount = ... }, ...]")
            }
            var bands: [AgeBand] = []
            for n in arr {
                let loc = SourceLocation(file: bv.file, line: n.line, field: bv.field)
                guard let t = n.table else { throw DimensioneringError.badData(loc, "expected { from = ..., to = ..., amount = ... }") }
                if let u = t.unknownKeys(allowed: ["from", "to", "amount"]).first {
                    throw DimensioneringError.badData(loc, "unknown key '\(u.key)' in an age band" + (u.suggestion.map { "; did you mean '\($0)'?" } ?? ""))
                }
                guard let from = t["from"]?.integer, let amount = t["amount"]?.numberText else {
                    throw DimensioneringError.badData(loc, "an age band needs from (whole number) and amount (kr.)")
                }
                let to = t["to"]?.integer
                if t["to"] != nil && to == nil { throw DimensioneringError.badData(loc, "to: expected a whole number") }
                guard !amount.hasPrefix("-") else { throw DimensioneringError.badData(loc, "amount must not be negative") }
                bands.append(try AgeBand(from: from, to: to, unitAmount: amount, at: loc))
            }
            return ScenarioComponent(name: c, kind: .elderly(bands), label: label, location: bv.location, source: source)
        default:
            let kinds = ["population", "table", "shares", "elderly"]
            let hint = EditDistance.suggestion(for: kind, among: kinds).map { "did you mean '\($0)'? " } ?? ""
            throw DimensioneringError.badData(kv.location, "unknown component kind '\(kind)'; \(hint)one of: \(kinds.joined(separator: ", "))")
        }
    }

    func parseEducation(_ e: String, components: [String: ScenarioComponent]) throws -> ScenarioEducation {
        let L = layers
        let p = ["education", e]
        guard let whole = L.get(p), whole.node.table != nil else { throw L.typeError(L.get(p)!, "a table") }
        try L.checkKeys(at: p, allowed: Self.educationKeys, what: "education '\(e)'")
        let name = try L.string(p + ["name"])?.0 ?? e
        var totals: [(year: String, total: Int)] = []
        var phaseIn: [PhaseInStep] = []
        var base = 0
        // A child's `total`, `totals` or `phase_in` overrides a base's: the nearest layer wins.
        let given = [("total", L.get(p + ["total"])), ("totals", L.get(p + ["totals"])), ("phase_in", L.get(p + ["phase_in"]))]
            .compactMap { k, v in v.map { (k, $0) } }
        guard !given.isEmpty else {
            throw DimensioneringError.badData(whole.location, "education '\(e)' needs total = N, totals = { \"2023/24\" = N, ... } or phase_in = { \"2023/24\" = step, ... }")
        }
        let nearest = given.min { a, b in
            L.layers.firstIndex { $0.file == a.1.file }! < L.layers.firstIndex { $0.file == b.1.file }!
        }!
        let sameLayer = given.filter { $0.1.file == nearest.1.file }
        if sameLayer.count > 1 {
            throw DimensioneringError.badData(nearest.1.location, "give one of total, totals and phase_in, not \(sameLayer.map(\.0).joined(separator: " and "))")
        }
        switch nearest.0 {
        case "totals":
            let tsv = nearest.1
            guard tsv.node.table != nil else { throw L.typeError(tsv, "a table of year = total") }
            for y in L.keys(at: p + ["totals"]) {
                let v = L.get(p + ["totals", y])!
                guard let n = v.node.integer else { throw L.typeError(v, "a whole number") }
                guard n >= 0 else { throw DimensioneringError.badData(v.location, "total \(n) is negative") }
                totals.append((y, n))
            }
        case "phase_in":
            let pv = nearest.1
            guard pv.node.table != nil else { throw L.typeError(pv, "a table of study year = step") }
            if let (b, bv) = try L.integer(p + ["base"]) {
                guard b >= 0 else { throw DimensioneringError.badData(bv.location, "base \(b) is negative") }
                base = b
            }
            var steps: [(year: String, step: Int, location: SourceLocation)] = []
            for y in L.keys(at: p + ["phase_in"]) {
                let v = L.get(p + ["phase_in", y])!
                guard let n = v.node.integer else { throw L.typeError(v, "a whole number (the step that year)") }
                guard n >= 0 else { throw DimensioneringError.badData(v.location, "step \(n) is negative") }
                steps.append((y, n, v.location))
            }
            phaseIn = try Self.expandPhaseIn(steps)
            totals = phaseIn.map { ($0.year, base + $0.cumulative) }
        default:
            guard let n = nearest.1.node.integer else { throw L.typeError(nearest.1, "a whole number") }
            guard n >= 0 else { throw DimensioneringError.badData(nearest.1.location, "total \(n) is negative") }
            totals = [("", n)]
        }
        var intake: IntakeRule?
        let ob = try L.number(p + ["overbooking"]), dr = try L.number(p + ["dropout"])
        if ob != nil && dr != nil {
            throw DimensioneringError.badData(ob!.1.location, "give overbooking or dropout, not both")
        }
        if let (v, vl) = ob {
            guard v <= Rational(100) else { throw DimensioneringError.badData(vl.location, "overbooking is a percentage, at most 100") }
            intake = .overbooking(percent: v)
        }
        if let (v, vl) = dr {
            guard v < Rational(100) else { throw DimensioneringError.badData(vl.location, "dropout is a percentage below 100") }
            intake = .dropout(percent: v)
        }
        var region: String?
        if let (r, rv) = try L.string(p + ["region"]) {
            guard let k = MunicipalityRegistry.canonicalKKR(r) else {
                let hint = EditDistance.suggestion(for: r, among: MunicipalityRegistry.kkrNames).map { "did you mean '\($0)'? " } ?? ""
                throw DimensioneringError.badData(rv.location, "unknown KKR '\(r)'; \(hint)one of: \(MunicipalityRegistry.kkrNames.joined(separator: ", "))")
            }
            region = k
        }
        guard let lv = L.get(p + ["levels"]), let arr = lv.node.array, !arr.isEmpty else {
            throw DimensioneringError.badData(whole.location, "education '\(e)' needs levels = [\"kkr\", \"municipality\", ...]")
        }
        var levels: [ScenarioLevel] = []
        for n in arr {
            guard let ln = n.string else { throw DimensioneringError.badData(lv.location, "expected level names (strings)") }
            levels.append(try parseLevel(education: e, name: ln, line: n.line, levelsAt: lv, components: components, region: region))
        }
        let names = levels.map(\.name) + levels.flatMap { $0.columns.map(\.name) }
        let all = Set(names)
        guard all.count == names.count else {
            throw DimensioneringError.badData(lv.location, "a level is used twice (in levels or as columns)")
        }
        // Level tables a base file defines but a nearer `levels` list drops are ignored.
        let levelsLayer = L.layers.firstIndex { $0.file == lv.file } ?? L.layers.count - 1
        try ScenarioLayers(layers: Array(L.layers[...levelsLayer]))
            .checkKeys(at: p + ["level"], allowed: names, what: "the levels of '\(e)' (listed in levels or columns)")
        var carry: CarryOver?
        if let (rule, rv) = try L.string(p + ["carry_over"]) {
            guard rule == "shortfall" else {
                throw DimensioneringError.badData(rv.location, "unknown carry_over '\(rule)'; the one rule is \"shortfall\"")
            }
            guard let (f, fv) = try L.string(p + ["carry_over_from"]) else {
                throw DimensioneringError.badData(rv.location, "carry_over = \"shortfall\" needs carry_over_from = \"FILE.csv\" (last year's realised or follow-up CSV)")
            }
            if levels.contains(where: { $0.regionalShare != nil }) {
                throw DimensioneringError.badData(rv.location, "carry_over cannot be combined with region_share (the region's part would change with the carried places)")
            }
            let (path, shown) = try resolveDataFile(f, at: fv)
            carry = CarryOver(path: path, shown: shown, location: fv.location)
        } else if let fv = L.get(p + ["carry_over_from"]) {
            throw DimensioneringError.badData(fv.location, "carry_over_from needs carry_over = \"shortfall\"")
        }
        var counts = PlaceKind.places
        if let (c, cv) = try L.string(p + ["counts"]) {
            guard let k = PlaceKind(scenarioValue: c) else {
                throw DimensioneringError.badData(cv.location, "unknown counts '\(c)'; one of: \(PlaceKind.scenarioValues.joined(separator: ", "))")
            }
            counts = k
        }
        var sameAs: String?
        if let (o, ov) = try L.string(p + ["same_places_as"]) {
            guard L.hasTable(["education", o]), o != e else {
                throw DimensioneringError.badData(ov.location, "same_places_as names no other education: '\(o)'")
            }
            sameAs = o
        }
        var out = ScenarioEducation(id: e, name: name, totals: totals, region: region, levels: levels,
                                    phaseIn: phaseIn, phaseInBase: base, intake: intake, carryOver: carry)
        out.counts = counts
        out.samePlacesAs = sameAs
        return out
    }

    func scenarioMethodIsDivisor() -> Bool {
        guard let m = layers.get(["method"])?.node.string else { return true }
        return ApportionmentMethod(name: m)?.isDivisorMethod ?? true
    }

    func parseLevel(education e: String, name: String, line: Int, levelsAt lv: ScenarioLayers.Located,
                    components: [String: ScenarioComponent], region: String?) throws -> ScenarioLevel {
        let L = layers
        let p = ["education", e, "level", name]
        let here = SourceLocation(file: lv.file, line: line, field: lv.field)
        guard L.hasTable(p) else {
            throw DimensioneringError.badData(here, "level '\(name)' has no [education.\(e).level.\(name)] table")
        }
        try L.checkKeys(at: p, allowed: Self.levelKeys, what: "level '\(name)'")
        let field = p.joined(separator: ".")
        let tableLoc = L.get(p)!.location
        var units: ScenarioLevel.UnitKind
        if let uv = L.get(p + ["units"]) {
            guard let arr = uv.node.array, !arr.isEmpty else { throw L.typeError(uv, "a non-empty array of unit ids") }
            var ids: [String] = []
            ids.reserveCapacity(arr.count)
            var seen = Set<String>(minimumCapacity: arr.count)
            for n in arr {
                guard let s = n.string, !s.isEmpty else { throw L.typeError(uv, "unit ids (strings)") }
                try ScenarioLayers.checkText(s, at: uv.location)
                guard seen.insert(s).inserted else { throw DimensioneringError.badData(uv.location, "unit '\(s)' is listed twice") }
                ids.append(s)
            }
            units = .custom(ids)
        } else if name == "kkr" {
            units = .kkr
        } else if name == "municipality" || name == "kommune" {
            units = .municipality
        } else {
            throw DimensioneringError.badData(tableLoc, "level '\(name)' needs units = [...] (only 'kkr' and 'municipality' are built in)")
        }
        var names: [String: String] = [:]
        for k in L.keys(at: p + ["names"]) {
            guard let (s, _) = try L.string(p + ["names", k]) else { continue }
            names[k] = s
        }
        // Weights.
        guard let wv = L.get(p + ["weights"]), wv.node.table != nil else {
            throw DimensioneringError.badData(tableLoc, "level '\(name)' needs weights = { component = weight, ... } (summing to 1)")
        }
        var weights: [(component: String, weight: Rational)] = []
        var sum = Rational(0)
        for k in L.keys(at: p + ["weights"]) {
            let (w, loc) = try L.number(p + ["weights", k])!
            guard let comp = components[k] else {
                let hint = EditDistance.suggestion(for: k, among: components.keys.sorted()).map { "did you mean '\($0)'? " } ?? ""
                throw DimensioneringError.badData(loc.location, "unknown component '\(k)'; \(hint)components: \(components.keys.sorted().joined(separator: ", "))")
            }
            if w == Rational(0) { continue }
            switch (comp.kind, units) {
            case (.shares, .custom), (.table, _), (.population, .kkr), (.population, .municipality), (.elderly, .kkr), (.elderly, .municipality),
                 (.shares, .kkr), (.shares, .municipality):
                break
            default:
                throw DimensioneringError.badData(loc.location, "component '\(k)' (\(comp.label)) gives no value for the units of level '\(name)'")
            }
            weights.append((k, w))
            sum = sum + w
        }
        guard sum == Rational(1) else {
            throw DimensioneringError.badData(SourceLocation(file: wv.file, line: wv.node.line, field: field + ".weights"),
                                              "weights sum to \(sum.decimalString(places: 6)), not 1")
        }
        var bounds: String?, boundsShown: String?, boundsLoc: SourceLocation?
        if let (b, bv) = try L.string(p + ["bounds"]) {
            (bounds, boundsShown) = try resolveDataFile(b, at: bv)
            boundsLoc = bv.location
        }
        var pct: Rational?
        if let (r, rv) = try L.number(p + ["min_pct_of_last_year"]) {
            guard r <= Rational(100) else { throw DimensioneringError.badData(rv.location, "a percentage above 100") }
            guard bounds != nil else { throw DimensioneringError.badData(rv.location, "needs bounds = \"FILE.csv\" with a last_year column") }
            pct = r
        }
        var compare: String?
        if let (c, cv) = try L.string(p + ["compare_with"]), !c.isEmpty {
            guard let comp = components[c] else { throw DimensioneringError.badData(cv.location, "unknown component '\(c)'") }
            guard case .table = comp.kind else { throw DimensioneringError.badData(cv.location, "compare_with needs a table component") }
            compare = c
        }
        var columns: [ScenarioLevel] = []
        if let (c, cv) = try L.string(p + ["columns"]) {
            guard c != name else { throw DimensioneringError.badData(cv.location, "a level cannot be its own columns") }
            guard L.hasTable(["education", e, "level", c]) else {
                throw DimensioneringError.badData(cv.location, "no [education.\(e).level.\(c)] table for the columns")
            }
            guard scenarioMethodIsDivisor() else {
                throw DimensioneringError.badData(cv.location, "a matrix level (columns) needs a divisor method, e.g. method = \"sainte-lague\"")
            }
            let col = try parseLevel(education: e, name: c, line: cv.node.line, levelsAt: cv, components: components, region: region)
            guard col.columns.isEmpty else { throw DimensioneringError.badData(cv.location, "the columns level '\(c)' cannot have columns itself") }
            columns = [col]
        }
        var regional: RegionalShare?
        if let rv = L.get(p + ["region_share"]) {
            guard let t = rv.node.table else { throw L.typeError(rv, "a table { name = ..., places = N } or { name = ..., share = 0.28 }") }
            if let u = t.unknownKeys(allowed: ["name", "places", "share", "illustrative"]).first {
                throw DimensioneringError.badData(rv.location, "unknown key '\(u.key)' in region_share" + (u.suggestion.map { "; did you mean '\($0)'?" } ?? ""))
            }
            let rname = t["name"]?.string ?? "Regionen"
            let places = t["places"]?.integer
            let share = t["share"]?.numberText.flatMap { Rational(decimalText: $0) }
            if t["places"] != nil && (places == nil || places! < 0) { throw DimensioneringError.badData(rv.location, "places: expected a whole number ≥ 0") }
            if t["share"] != nil && (share == nil || share! > Rational(1)) { throw DimensioneringError.badData(rv.location, "share: expected a number between 0 and 1") }
            guard (places == nil) != (share == nil) else { throw DimensioneringError.badData(rv.location, "region_share needs places = N or share = 0.28 (one of them)") }
            if t["illustrative"] != nil && t["illustrative"]?.bool == nil { throw DimensioneringError.badData(rv.location, "illustrative: expected true or false") }
            regional = RegionalShare(name: rname, places: places, share: share, illustrative: t["illustrative"]?.bool ?? false, location: rv.location)
        }
        return ScenarioLevel(name: name, units: units, names: names, weights: weights, boundsFile: bounds, boundsShown: boundsShown, boundsLocation: boundsLoc,
                             minPercentOfLastYear: pct, compareWith: compare, location: tableLoc, columns: columns,
                             regionalShare: regional)
    }

    /// The study years from the first step to the last, years between steps included (with step
    /// 0), and the cumulative extra places. Years are "2023/24" or "2023"; steps in order.
    static func expandPhaseIn(_ steps: [(year: String, step: Int, location: SourceLocation)]) throws -> [PhaseInStep] {
        func start(_ y: String) -> Int? {
            let digits = y.prefix(4)
            guard digits.count == 4, digits.allSatisfy(\.isNumber) else { return nil }
            return Int(digits)
        }
        func label(_ year: Int, like sample: String) -> String {
            sample.count == 4 ? "\(year)" : "\(year)/\(String(format: "%02d", (year + 1) % 100))"
        }
        guard !steps.isEmpty else { return [] }
        var out: [PhaseInStep] = []
        var cumulative = 0
        var previous: Int?
        for s in steps {
            guard let y = start(s.year) else {
                throw DimensioneringError.badData(s.location, "'\(s.year)' is not a study year (e.g. \"2023/24\" or \"2023\")")
            }
            if let previous {
                guard y > previous else { throw DimensioneringError.badData(s.location, "phase_in years must increase (\(s.year) after \(label(previous, like: s.year)))") }
                guard y - previous <= 50 else { throw DimensioneringError.badData(s.location, "more than 50 years between steps") }
                for between in (previous + 1)..<y { out.append(PhaseInStep(year: label(between, like: s.year), step: 0, cumulative: cumulative)) }
            }
            cumulative += s.step
            guard cumulative <= ApportionmentProblem.maximumSeats else {
                throw DimensioneringError.badData(s.location, "the phase-in reaches more than the \(ApportionmentProblem.maximumSeats) places supported")
            }
            out.append(PhaseInStep(year: s.year, step: s.step, cumulative: cumulative))
            previous = y
        }
        return out
    }
}
