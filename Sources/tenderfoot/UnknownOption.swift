import ArgumentParser

/// An option the command does not have, found when its arguments fail to parse: ArgumentParser
/// names the first required option missing (`--prot` read as a missing `--port`), which sends a
/// user after the wrong mistake. This names the misspelt option, and the nearest one the command has.
struct UnknownOption: Error, CustomStringConvertible {
    var given: String
    var nearest: String?
    var command: String

    var description: String {
        let hint = nearest.map { ": did you mean \($0)?" } ?? ""
        return "unknown option \(given) for 'tenderfoot \(command)'\(hint) (see 'tenderfoot \(command) --help')"
    }

    /// The first option in `arguments` (without the program's name) that the command they name
    /// does not have, if any.
    static func find(in arguments: [String], root: ParsableCommand.Type) -> UnknownOption? {
        var command: ParsableCommand.Type = root
        var path: [String] = []
        for argument in arguments {
            guard let sub = command.configuration.subcommands.first(where: { $0._commandName == argument }) else { break }
            command = sub
            path.append(argument)
        }
        guard !path.isEmpty else { return nil }
        let known = options(in: root.helpMessage(for: command, columns: 10_000)) + ["--help", "--version"]
        for argument in arguments.dropFirst(path.count) {
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let name = String(argument.prefix { $0 != "=" })
            if known.contains(name) { continue }
            let nearest = known.map { ($0, distance(name, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
            return UnknownOption(given: name, nearest: nearest, command: path.joined(separator: " "))
        }
        return nil
    }

    /// Every `--name` the help text mentions (its options, and any it names in their help).
    static func options(in help: String) -> Set<String> {
        var names = Set<String>()
        var current = ""
        for character in help + " " {
            if character.isLetter || character.isNumber || character == "-" {
                current.append(character)
            } else {
                if current.hasPrefix("--"), current.count > 2 { names.insert(current) }
                current = ""
            }
        }
        return names
    }

    /// Levenshtein distance between two short strings.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1]
            for (j, y) in b.enumerated() { row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1))) }
            previous = row
        }
        return previous[b.count]
    }
}
