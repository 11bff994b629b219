#!/usr/bin/env bash
# Writes fixtures/images/exiftool.json and fixtures/images/synthetic/exiftool.json: exiftool's own reading of every fixture image
# (fixtures/images holds every file of shared/realdata/images and shared/realdata/photo), the
# independent expected values for tests/EvidencePipe.Readers.Tests/Media/MediaReaderGoldenTests.cs.
# Needs Debian's libimage-exiftool-perl (apt-get install -y libimage-exiftool-perl).
# -n: numbers, not prettified text (signed decimal degrees in Composite:GPSLatitude/Longitude);
# -G: group names, so EXIF:DateTimeOriginal is told apart from XMP:/PNG:/QuickTime: dates.
# File-system times are left out: they describe this checkout, not the image.
set -euo pipefail
cd "$(dirname "$0")/../fixtures/images"
for dir in . synthetic; do
(cd "$dir" && exiftool -json -n -G -sort \
  -time:all -gps:all -Composite:GPSLatitude -Composite:GPSLongitude -Composite:GPSAltitude -Composite:GPSDateTime -Composite:SubSecDateTimeOriginal -PNG:Datecreate \
  -Make -Model -Software -ImageWidth -ImageHeight -FileType -MIMEType -FileSize \
  --File:FileModifyDate --File:FileAccessDate --File:FileInodeChangeDate \
  -ext jpg -ext jpeg -ext heic -ext png -ext webp -ext tif -ext tiff -ext mp4 -ext mov \
  . > exiftool.json
echo "wrote $(pwd)/exiftool.json ($(exiftool -ver))")
done
