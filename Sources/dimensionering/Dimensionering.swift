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

    /// Before any command: standard output that cannot be written is an error (exit 73), never a
    /// signal death. SIGPIPE is ignored, so a closed pipe (`| head`) makes write(2) fail with EPIPE;
    /// SIGXFSZ too, so a file-size limit (`ulimit -f`) is EFBIG. A closed descriptor 0, 1 or 2 is
    /// held by /dev/null (stdout read-only, so writing it still fails with EBADF): no file the
    /// program opens can take its number and receive the report or the error messages.
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        XLSXReport.holdBackLibraryMessages()
        for (fd, flags) in [(Int32(0), O_RDONLY), (1, O_RDONLY), (2, O_WRONLY)] where fcntl(fd, F_GETFD) < 0 && errno == EBADF {
            let n = open("/dev/null", flags)
            if n >= 0, n != fd { dup2(n, fd); close(n) }
        }
        Self.main(nil)
    }
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
        writeStandardError("dimensionering: \(error)\n")
        throw ExitCode(ExitCodes.code(for: error)!)
    }
}

/// One message on standard error; a stderr that cannot be written is ignored (never a crash).
func writeStandardError(_ text: String) {
    _ = Data(text.utf8).withUnsafeBytes { writeAll(2, $0) }
}

/// Writes all of `bytes` to `fd` with write(2) (EINTR retried); the errno of a failure, else nil.
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += n
    }
    return nil
}

/// Standard output that cannot take the report: full disk, closed, broken pipe, file-size limit.
func standardOutputFailed(_ code: Int32) -> DimensioneringError {
    .cannotCreateOutput(path: "standard output", reason: String(cString: strerror(code)))
}

/// Writes `text` to `path` atomically, or to stdout.
func emit(_ text: String, to path: String?) throws {
    guard path == nil, !text.isEmpty else { return try emit(Data(text.utf8), to: path) }
    // Standard output gets the string's own bytes: a large report is not copied once more.
    var text = text
    if let e = text.withUTF8({ writeAll(1, UnsafeRawBufferPointer($0)) }) { throw standardOutputFailed(e) }
}

func emit(_ data: Data, to path: String?) throws {
    if let path {
        // Every file the command read (scenarios and what they extend, CSVs, age data) is an
        // input: an output that is one of them is refused rather than overwritten.
        try AtomicFile.write(data, to: path, inputs: TextDecoding.filesRead)
    } else if let e = data.withUnsafeBytes({ writeAll(1, $0) }) {
        throw standardOutputFailed(e)
    }
}
