import Foundation

/// Files → `PlanInputs`: reads every table a scenario names, maps labels to unit ids, computes
/// the ældreudgiftsnøgle, and validates bounds. The only layer of planning that reads files;
/// every error names file, line and field.
public enum PlanLoader {
    /// Loads everything `scenario` needs. `population` replaces the shipped population-by-age
    /// table for the ældreudgiftsnøgle (`--age-data`).
    public static func load(_ scenario: Scenario, population: PopulationByAge? = nil,
                            registry: MunicipalityRegistry = .denmark) throws -> PlanInputs {
        var r = Reader(scenario: scenario, registry: registry, population: population)
        var levels: [LevelKey: LevelData] = [:]
        for e in scenario.educations {
            for level in e.levels {
                for l in [level] + level.columns {
                    levels[LevelKey(education: e.id, level: l.name)] = try r.levelData(l)
                }
            }
        }
        var scenario = scenario
        for i in scenario.educations.indices where scenario.educations[i].carryOver != nil {
            scenario.educations[i].carryOver = try r.carryOver(scenario.educations[i])
        }
        return PlanInputs(scenario: scenario, registry: registry, levels: levels, ageData: r.ageData, sources: r.sources)
    }

    struct Reader {
        let scenario: Scenario
        let registry: MunicipalityRegistry
        var population: PopulationByAge?
        var ageData: AgeDataInfo?
        var sources: [DataSource] = []
        var tables: [String: CSVTable] = [:]
        var elderly: [String: [String: Rational]] = [:]

        init(scenario: Scenario, registry: MunicipalityRegistry, population: PopulationByAge?) {
            self.scenario = scenario
            self.registry = registry
            self.population = population
        }

        mutating func levelData(_ level: ScenarioLevel) throws -> LevelData {
            var values: [String: [String: Rational]] = [:]
            for (cname, _) in level.weights {
                values[cname] = try self.values(scenario.components[cname]!, kind: level.units)
            }
            var published: [String: Rational]?
            if let cw = level.compareWith { published = try self.values(scenario.components[cw]!, kind: level.units) }
            var bounds: [String: UnitBounds] = [:]
            if let bf = level.boundsFile { bounds = try readBounds(bf, shown: level.boundsShown ?? bf, level: level) }
            return LevelData(values: values, published: published, bounds: bounds)
        }

        mutating func note(_ s: DataSource) {
            if !sources.contains(s) { sources.append(s) }
        }

        /// The custom unit ids of `kind` as a set (nil for KKR and municipalities): made once per
        /// table, so that mapping a table's labels is linear in its rows, not rows × units.
        static func knownIDs(_ kind: ScenarioLevel.UnitKind) -> Set<String>? {
            if case .custom(let ids) = kind { return Set(ids) }
            return nil
        }

        /// Maps a label in a data file or a scenario table to a unit id of this level kind; nil to skip
        /// (a total row such as "Hele landet"). Custom ids are looked up in `known` (from
        /// `knownIDs(kind)`) when given.
        func unitID(_ label: String, kind: ScenarioLevel.UnitKind, known: Set<String>? = nil, at loc: SourceLocation) throws -> String? {
            let t = label.trimmingBlanks()
            switch kind {
            case .kkr:
                if let k = MunicipalityRegistry.canonicalKKR(t) { return k }
                if case .country = registry.classify(t) { return nil }
                let hint = EditDistance.suggestion(for: t, among: MunicipalityRegistry.kkrNames).map { "; did you mean '\($0)'?" } ?? ""
                throw DimensioneringError.badData(loc, "unknown KKR '\(t)'\(hint)")
            case .municipality:
                switch registry.classify(t) {
                case .municipality(let m): return m.code
                case .country, .region: return nil
                default:
                    let hint = registry.suggestion(for: t).map { "; did you mean '\($0.code) \($0.name)'?" } ?? ""
                    throw DimensioneringError.badData(loc, "unknown municipality '\(t)'\(hint)")
                }
            case .custom(let ids):
                if let known { if known.contains(t) { return t } } else if ids.contains(t) { return t }
                let hint = EditDistance.suggestion(for: t, among: ids).map { "; did you mean '\($0)'?" } ?? ""
                // A long list is cut: the message names the first units and how many there are.
                let shown = ids.count <= 20 ? ids.joined(separator: ", ")
                    : ids.prefix(12).joined(separator: ", ") + " … and \(ids.count - 12) more"
                throw DimensioneringError.badData(loc, "unknown unit '\(t)' (units: \(shown))\(hint)")
            }
        }

        mutating func table(_ path: String, shown: String) throws -> CSVTable {
            if let t = tables[path] { return t }
            var t = try CSVTable.read(path: path)
            t.file = shown
            for i in t.rows.indices { t.rows[i].file = shown }
            tables[path] = t
            return t
        }

        /// The population by age for the ældreudgiftsnøgle: `--age-data`, else the shipped table.
        mutating func populationByAge() throws -> PopulationByAge {
            if let population {
                if ageData == nil {
                    ageData = AgeDataInfo(file: URL(fileURLWithPath: population.file).lastPathComponent, quarter: population.quarter, shipped: false,
                                          readAs: StatBank.formatName(population.encoding))
                }
                return population
            }
            let p = try ShippedAgeData.load(registry: registry)
            population = p
            ageData = AgeDataInfo(file: ShippedAgeData.shownName, quarter: p.quarter, shipped: true)
            return p
        }

        /// Value of every unit id of this level kind according to the component.
        mutating func values(_ c: ScenarioComponent, kind: ScenarioLevel.UnitKind) throws -> [String: Rational] {
            func byKKR(_ perMunicipality: [String: Rational]) -> [String: Rational] {
                var out: [String: Rational] = [:]
                for m in registry.all { out[m.kkr] = (out[m.kkr] ?? Rational(0)) + (perMunicipality[m.code] ?? Rational(0)) }
                return out
            }
            switch c.kind {
            case .population:
                note(c.source)
                let perM = Dictionary(uniqueKeysWithValues: registry.all.map { ($0.code, Rational($0.population)) })
                return kind == .kkr ? byKKR(perM) : perM
            case .elderly(let bands):
                if elderly[c.name] == nil {
                    let pop = try populationByAge()
                    let key = try ElderlyKey.compute(population: pop, bands: bands, registry: registry)
                    elderly[c.name] = key.weights.mapValues { Rational(decimalText: $0)! }
                    var s = c.source
                    s.citation = s.citation ?? (ageData!.shipped ? "Danmarks Statistik, FOLK1A (aldersfordeling leveret med programmet)" : "Danmarks Statistik, FOLK1A (\(ageData!.file), givet med --age-data)")
                    s.date = s.date ?? ShippedAgeData.dateText(quarter: pop.quarter)
                    note(s)
                }
                return kind == .kkr ? byKKR(elderly[c.name]!) : elderly[c.name]!
            case .shares(let list):
                note(c.source)
                var out: [String: Rational] = [:]
                out.reserveCapacity(list.count)
                let known = Self.knownIDs(kind)
                for (id, v, loc) in list {
                    guard let u = try unitID(id, kind: kind, known: known, at: loc) else { continue }
                    out[u] = v
                }
                return out
            case .table(let path, let shown, let uc, let vc):
                note(c.source)
                let t = try table(path, shown: shown)
                guard t.hasColumn(uc) else {
                    throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: uc),
                        "no column '\(uc)' (named by component '\(c.name)' at \(c.location)); columns: \(t.header.joined(separator: ", "))")
                }
                guard t.hasColumn(vc) else {
                    let hint = EditDistance.suggestion(for: vc, among: t.header).map { "did you mean '\($0)'? " } ?? ""
                    throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: vc),
                        "no column '\(vc)' (named by component '\(c.name)' at \(c.location)); \(hint)columns: \(t.header.joined(separator: ", "))")
                }
                var out: [String: Rational] = [:]
                let known = Self.knownIDs(kind)
                for row in t.rows {
                    guard let u = try unitID(try row.string(uc), kind: kind, known: known, at: row.location(uc)) else { continue }
                    if out[u] != nil { throw DimensioneringError.badData(row.location(uc), "'\(u)' appears twice") }
                    out[u] = Rational(decimalText: try row.decimal(vc))!
                }
                return out
            }
        }

        /// Last year's shortfalls for `carry_over = "shortfall"`: the education's rows at its lowest
        /// level the file gives (municipalities, else KKR), each unit checked against the plan.
        mutating func carryOver(_ e: ScenarioEducation) throws -> CarryOver {
            var c = e.carryOver!
            let t = try RealisedTable.read(path: c.path, shown: c.shown, needsRealised: false, registry: registry)
            let ids = scenario.educations.map(\.id)
            for row in t.rows where !ids.contains(row.education) {
                throw DimensioneringError.badData(row.educationLocation, "education '\(row.education)' is not in the scenario (educations: \(ids.joined(separator: ", ")))")
            }
            let rows = t.rows.filter { $0.education == e.id }
            guard let first = rows.first else {
                throw DimensioneringError.badData(SourceLocation(file: c.shown, field: "education"), "no rows for education '\(e.id)' (named by carry_over_from at \(c.location))")
            }
            if let other = rows.first(where: { $0.year != first.year }) {
                throw DimensioneringError.badData(other.yearLocation, "rows for two years (\(first.year) and \(other.year)); carry over one year's shortfall")
            }
            let municipal = rows.filter { if case .municipality = $0.unit { return true }; return false }
            let useRows = municipal.isEmpty ? rows.filter { if case .kkr = $0.unit { return true }; return false } : municipal
            let kind: ScenarioLevel.UnitKind = municipal.isEmpty ? .kkr : .municipality
            guard let level = e.levels.first(where: { $0.units == kind }), let r0 = useRows.first else {
                throw DimensioneringError.badData(first.location, "'\(e.id)' has no \(kind == .kkr ? "KKR" : "municipality") level for the shortfalls of \(c.shown)")
            }
            _ = r0
            for row in useRows {
                let id: String
                switch row.unit {
                case .municipality(let m): id = m
                case .kkr(let k): id = k
                case .nation: continue
                }
                if let region = e.region {
                    let inRegion = kind == .kkr ? id == region : registry.byCode[id]?.kkr == region
                    guard inRegion else { throw DimensioneringError.badData(row.location, "'\(row.label)' is outside KKR \(region), where '\(e.id)' is planned") }
                }
                c.additions[id] = max(0, row.shortfall ?? 0)
            }
            c.level = level.name
            c.year = first.year
            c.illustrative = rows.contains { $0.illustrative }
            note(DataSource(label: "Sidste års mangel (carry_over_from)", citation: c.shown, date: first.year, illustrative: c.illustrative))
            return c
        }

        /// A bounds file: `code` (or `unit`), and any of `min`, `max`, `last_year`, `min_pct`.
        mutating func readBounds(_ path: String, shown: String, level: ScenarioLevel) throws -> [String: UnitBounds] {
            let t = try table(path, shown: shown)
            guard t.hasColumn("code") || t.hasColumn("unit") else {
                throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: "code"),
                                                  "a bounds file needs a 'code' column (and min, max, last_year, min_pct)")
            }
            let uc = t.hasColumn("code") ? "code" : "unit"
            var out: [String: UnitBounds] = [:]
            let known = Self.knownIDs(level.units)
            for row in t.rows {
                guard let u = try unitID(try row.string(uc), kind: level.units, known: known, at: row.location(uc)) else { continue }
                guard out[u] == nil else { throw DimensioneringError.badData(row.location(uc), "'\(u)' appears twice") }
                let limit = ApportionmentProblem.maximumSeats
                for field in ["min", "max", "last_year"] {
                    if let v = try row.optionalInt(field), v > limit {
                        throw DimensioneringError.badData(row.location(field), "\(v) is more than the \(limit) places supported")
                    }
                }
                var pct: Rational? = level.minPercentOfLastYear
                if let text = try row.optionalDecimal("min_pct") {
                    guard let p = Rational(decimalText: text), p <= Rational(100) else {
                        throw DimensioneringError.badData(row.location("min_pct"), "a percentage above 100")
                    }
                    pct = p
                }
                let b = UnitBounds(min: try row.optionalInt("min"), max: try row.optionalInt("max"), lastYear: try row.optionalInt("last_year"),
                                   minPercentOfLastYear: pct, location: row.location(uc))
                if let cap = b.max, cap < b.floor {
                    throw DimensioneringError.badData(row.location("max"), "cap \(cap) is below the floor \(b.floor) for \(u)")
                }
                out[u] = b
            }
            return out
        }
    }
}

extension Planner {
    /// Loads the scenario's data (`PlanLoader`) and plans it: the one call for a whole run.
    public static func run(_ scenario: Scenario, population: PopulationByAge? = nil,
                           registry: MunicipalityRegistry = .denmark) throws -> PlanResult {
        try plan(PlanLoader.load(scenario, population: population, registry: registry))
    }
}
