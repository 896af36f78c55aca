/**
 * Tests of what the packaging module builds: the Debian package installed into a fresh Debian root, and
 * the tarball unpacked and run. The module itself has no Java code; it assembles the server and hook jars.
 */
package org.acmedelegate.packaging;
