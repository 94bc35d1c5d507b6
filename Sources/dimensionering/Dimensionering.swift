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
            Exit codes: 0 ok; 64 bad usage; 65 bad data; 66 missing input; 2 infeasible; 3 tie under --ties fail; 73 cannot write output.
            """,
        version: "0.1.0",
        subcommands: [Plan.self, Apportion.self, Compare.self, Explain.self, Check.self],
        defaultSubcommand: Plan.self
    )
}

/// Runs `body`, turning our errors into one line on stderr and the documented exit code.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DimensioneringError {
        FileHandle.standardError.write(Data("dimensionering: \(error)\n".utf8))
        throw ExitCode(error.exitCode)
    }
}

/// Writes `text` to `path` atomically, or to stdout.
func emit(_ text: String, to path: String?) throws {
    if let path {
        try AtomicFile.write(Data(text.utf8), to: path)
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension OutputFormat: ExpressibleByArgument {}
