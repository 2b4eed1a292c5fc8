<?php
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Router for `php -S`: files that exist are served as they are, every
// other path goes to WordPress's index.php, as Apache's rewrite rules
// would do, so /wp-json/… reaches the REST API. Every request is noted in
// STATE_DIR/requests.log (method, address and the start of any body, on
// one line), for the tests to audit. php://input can be read again later.
$body = $_SERVER['REQUEST_METHOD'] === 'GET' ? '' : substr((string) file_get_contents('php://input'), 0, 2000);
file_put_contents(dirname($_SERVER['DOCUMENT_ROOT']) . '/requests.log',
                  $_SERVER['REQUEST_METHOD'] . ' ' . $_SERVER['REQUEST_URI'] .
                  ($body !== '' ? ' ' . str_replace(array("\r", "\n"), ' ', $body) : '') . "\n",
                  FILE_APPEND | LOCK_EX);

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$file = $_SERVER['DOCUMENT_ROOT'] . $path;

if ($path !== '/' && is_file($file)) {
    if (substr($file, -4) !== '.php') {
        return false;
    }
    $_SERVER['SCRIPT_NAME'] = $path;
    $_SERVER['SCRIPT_FILENAME'] = $file;
    chdir(dirname($file));
    require $file;
    return true;
}

$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
chdir($_SERVER['DOCUMENT_ROOT']);
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
