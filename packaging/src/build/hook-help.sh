#!/bin/sh
# Writes the client hook's --help texts (the whole program's and each command's) into $2, one file per
# command, for its man page. $1 is the hook's jar. Run by the build (generate-resources).
set -eu
jar=$1
out=$2
mkdir -p "$out"
java -jar "$jar" --help > "$out/main.txt"
for command in register check list certbot-auth certbot-cleanup present cleanup deploy_challenge \
        clean_challenge begin done failed; do
    java -XX:TieredStopAtLevel=1 -Xshare:auto -jar "$jar" "$command" --help > "$out/$command.txt"
done
