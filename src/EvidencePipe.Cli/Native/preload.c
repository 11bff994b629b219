/*
 * Linked into the Native AOT executable only (EvidencePipe.Cli.csproj, target EvidencePipePreload).
 *
 * Why: before Main the runtime re-expands its data on one core (StartupCodeHelpers.RehydrateData, ~20 ms; see
 * hugepages.c) while the other core has nothing to do. Then an ingest loads two sets of shared libraries on its
 * critical path: ICU, which System.Globalization.Native dlopens on the main thread the first time culture data is
 * needed, before the command line is even parsed (~5 ms of relocations), and OpenSSL, which the first SHA-256
 * outside the hashing lanes loads. A thread started here, before main(), dlopens the same files meanwhile; when
 * .NET asks for them, dlopen(3) finds them loaded and only returns their handle.
 *
 * What it does not change: no function in these libraries is called, so no result and no byte of output; the
 * files are the ones .NET picks itself — ICU by the same search, the highest major version N for which
 * libicuuc.so.N loads (pal_icushim.c), and OpenSSL 3's libssl.so.3 (pal_crypto's first choice). Where .NET would
 * not load ICU (DOTNET_SYSTEM_GLOBALIZATION_INVARIANT) or would choose another version (CLR_ICU_VERSION_OVERRIDE),
 * ICU is left alone. A library that is not there is simply not preloaded: .NET reports its absence as before.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The versions .NET's ICU search tries, highest first (System.Globalization.Native, pal_icushim.c). */
#define ICU_NEWEST 90
#define ICU_OLDEST 50

static int set(const char *name)
{
    const char *value = getenv(name);
    return value != NULL && value[0] != '\0';
}

static int invariant_globalization(void)
{
    const char *value = getenv("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT");
    return value != NULL && (strcmp(value, "1") == 0 || strcasecmp(value, "true") == 0);
}

static void preload_icu(void)
{
    char uc[32];
    char i18n[32];
    for (int major = ICU_NEWEST; major >= ICU_OLDEST; major--)
    {
        snprintf(uc, sizeof uc, "libicuuc.so.%d", major);
        if (dlopen(uc, RTLD_LAZY) != NULL)
        {
            snprintf(i18n, sizeof i18n, "libicui18n.so.%d", major);
            (void)dlopen(i18n, RTLD_LAZY);
            return;
        }
    }
}

static void *preload(void *unused)
{
    (void)unused;
    if (!invariant_globalization() && !set("CLR_ICU_VERSION_OVERRIDE"))
        preload_icu();
    (void)dlopen("libssl.so.3", RTLD_LAZY);
    return NULL;
}

__attribute__((constructor)) static void evidencepipe_preload_libraries(void)
{
    pthread_t thread;
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0)
        return;
    if (pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED) == 0)
        (void)pthread_create(&thread, &attributes, preload, NULL);
    (void)pthread_attr_destroy(&attributes);
}
