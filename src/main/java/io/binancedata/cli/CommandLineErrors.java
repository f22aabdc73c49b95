package io.binancedata.cli;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How the command line ends on an error. Bad arguments — an unknown option or command, a missing file argument, a
 * value an option does not take — are one line on standard error naming the command and pointing to its help, and
 * exit code 2; no usage dump, no stack trace. An exception a command did not expect is not a user's error: it is
 * kept for {@link #rethrowUnexpected()}, so the process ends the way an uncaught exception ends it (its stack trace,
 * exit code 1), as before the command line existed.
 */
public final class CommandLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
    private Exception unexpected;

    private CommandLineErrors() {
    }

    /** Installs the handlers on {@code commandLine} and the subcommands it has already. */
    public static CommandLineErrors install(CommandLine commandLine) {
        CommandLineErrors errors = new CommandLineErrors();
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExecutionExceptionHandler(errors);
        return errors;
    }

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        String message = String.valueOf(error.getMessage()).replaceAll("\\s*[\\r\\n]+\\s*", " ");
        List<String> unmatched = command.getUnmatchedArguments();
        if (error instanceof MissingParameterException && !unmatched.isEmpty()) {
            // picocli checks required arguments before unknown ones: "decode --bogus" is an unknown option first.
            String first = unmatched.get(0);
            message = (first.startsWith("-") ? "Unknown option: '" : "Unmatched argument: '") + first + "'";
        }
        command.getErr().println(name + ": " + message + " (see '" + name + " --help')");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parseResult) {
        unexpected = error;
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    /** Throws the exception a command did not expect, if one ended the last run. */
    public void rethrowUnexpected() throws Exception {
        if (unexpected != null) {
            throw unexpected;
        }
    }
}
