package io.binancedata.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The layers of README's "Architecture" section, checked on the main classes: no two packages depend on each other
 * (directly or round a longer cycle), and the domain packages and the stream model are plain Java, without Camel.
 * {@link ArchitectureRulesTest} shows that both rules do fail on a violation.
 */
@AnalyzeClasses(packages = "io.binancedata", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Packages that must not use Camel: the domain logic, the stream model, the API types and the command line. */
    static final String[] CAMEL_FREE = {
        "io.binancedata.api..", "io.binancedata.cli..", "io.binancedata.codec..", "io.binancedata.limits..",
        "io.binancedata.pipeline..", "io.binancedata.rest..", "io.binancedata.sequence..", "io.binancedata.stream..",
        "io.binancedata.symbols..", "io.binancedata.threads.."};

    @ArchTest
    static final ArchRule packagesFormNoCycle = noPackageCycle();

    @ArchTest
    static final ArchRule domainPackagesDoNotUseCamel = camelFree(CAMEL_FREE);

    /** Every package is its own slice (the root package too), so a cycle between any two packages fails. */
    static ArchRule noPackageCycle() {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                return SliceIdentifier.of(javaClass.getPackageName());
            }

            @Override
            public String getDescription() {
                return "packages";
            }
        }).should().beFreeOfCycles()
                .because("the layers build on the ones below them only (README.md, Architecture)");
    }

    static ArchRule camelFree(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .because("domain code is plain Java; a thin Camel adapter sits in ws, sink, spool, route or control");
    }
}
