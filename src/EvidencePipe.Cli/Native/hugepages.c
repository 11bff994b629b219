/*
 * Linked into the Native AOT executable only (EvidencePipe.Cli.csproj, target EvidencePipeHugePages).
 *
 * Why: ILC stores the executable's pointer-rich data "dehydrated" on Linux and the runtime re-expands it into the
 * zero-filled `.hydrated` section on every start (StartupCodeHelpers.RehydrateData, before Main). That section is
 * ~25 MB, so each run took ~6,100 page faults of 4 KiB — about half of the ~95 ms `evidencepipe --version` took
 * (benchmarks/results/2026-12-05-aot.md). Asking the kernel for transparent huge pages on that range lets it fault
 * the same memory in 2 MiB pages instead: ~1,400 faults and ~43 ms for `--version`, on every command.
 *
 * What it does not change: the executable stays position-independent (ASLR for the process that parses hostile
 * evidence is kept — linking -no-pie would also have removed the re-expansion, and was rejected for that reason),
 * and no byte of output. MADV_HUGEPAGE is only advice (madvise(2)): with THP "never", an old kernel or no free huge
 * page the kernel falls back to 4 KiB pages and the run is exactly as before, so the result is ignored.
 *
 * Runs as an ELF constructor: before main(), hence before the runtime's own start-up re-expands the data.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 * 1024 * 1024)

/* The zero-filled tail of each writable PT_LOAD segment (p_memsz beyond p_filesz: .bss and .hydrated) is
 * anonymous memory; only its 2 MiB-aligned interior can be backed by huge pages. */
static void advise_segment(ElfW(Addr) base, const ElfW(Phdr) *segment)
{
    if (segment->p_type != PT_LOAD || (segment->p_flags & PF_W) == 0 || segment->p_memsz <= segment->p_filesz)
        return;
    uintptr_t start = (uintptr_t)base + segment->p_vaddr + segment->p_filesz;
    uintptr_t end = (uintptr_t)base + segment->p_vaddr + segment->p_memsz;
    uintptr_t first = (start + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t last = end & ~(HUGE_PAGE - 1);
    if (last > first)
        (void)madvise((void *)first, last - first, MADV_HUGEPAGE);
}

/* dl_iterate_phdr(3) reports the main program first; returning non-zero stops after it (no shared library). */
static int advise_executable(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++)
        advise_segment(info->dlpi_addr, &info->dlpi_phdr[i]);
    return 1;
}

__attribute__((constructor)) static void evidencepipe_advise_huge_pages(void)
{
    (void)dl_iterate_phdr(advise_executable, 0);
}
