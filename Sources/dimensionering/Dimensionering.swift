import ArgumentParser
import DimensioneringKit
import Foundation

@main
struct Dimensionering: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dimensionering",
        abstract: "Plans and distributes training places (SOSU, pædagog, sygeplejerske) among the KKR and municipalities.",
        discussion: """
            Without a subcommand: the embedded default plan (SOSU 2023, all levels).
            Exit codes: 0 ok; 64 bad usage; 65 bad data; 66 missing input; 2 infeasible; \
            3 tie under --ties fail; 73 cannot write output.
            """,
        version: "0.2.0",
        subcommands: [Plan.self, Explain.self, Compare.self, Check.self, FollowUpCommand.self, Apportion.self, Kommuner.self, Sweep.self],
        defaultSubcommand: Plan.self
    )
}

/// The exit code of every error a user can cause: decided here, and only here.
enum ExitCodes {
    static func code(for error: Error) -> Int32? {
        switch error {
        case let e as DimensioneringError:
            switch e {
            case .badData: return 65
            case .missingInput: return 66
            case .usage: return 64
            case .infeasible: return 2
            case .tie: return 3
            case .cannotCreateOutput: return 73
            case .internalError: return 70
            }
        case let e as PlanError:
            switch e {
            case .data: return 65
            case .infeasible: return 2
            case .invalid, .internalInconsistency: return 70
            }
        default:
            return nil
        }
    }
}

/// Runs `body`, turning our errors into one line on stderr and the documented exit code.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error where ExitCodes.code(for: error) != nil {
        FileHandle.standardError.write(Data("dimensionering: \(error)\n".utf8))
        throw ExitCode(ExitCodes.code(for: error)!)
    }
}

/// Writes `text` to `path` atomically, or to stdout.
func emit(_ text: String, to path: String?) throws {
    guard path == nil, !text.isEmpty else { return try emit(Data(text.utf8), to: path) }
    // Standard output gets the string's own bytes: a large report is not copied once more.
    var text = text
    text.withUTF8 { bytes in
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: bytes.count, deallocator: .none)
        FileHandle.standardOutput.write(data)
    }
}

func emit(_ data: Data, to path: String?) throws {
    if let path {
        // Every file the command read (scenarios and what they extend, CSVs, age data) is an
        // input: an output that is one of them is refused rather than overwritten.
        try AtomicFile.write(data, to: path, inputs: TextDecoding.filesRead)
    } else {
        FileHandle.standardOutput.write(data)
    }
}
