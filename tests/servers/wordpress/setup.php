<?php
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Installs the test site from the command line (wp-cli is not packaged in
// Debian 12): php setup.php WP_DIR SITE_URL
// Creates the business account "cafe" (administrator, with an application
// password for Resonanz), a customer "kundin" (subscriber, with an
// application password to comment through the REST API) and two posts, one
// of which holds new comments for moderation. Prints the result as JSON.

if (PHP_SAPI !== 'cli' || $argc !== 3) {
    fwrite(STDERR, "usage: php setup.php WP_DIR SITE_URL\n");
    exit(2);
}
$url = parse_url($argv[2]);
$_SERVER['HTTP_HOST'] = $url['host'] . (isset($url['port']) ? ':' . $url['port'] : '');
$_SERVER['SERVER_NAME'] = $url['host'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

define('WP_INSTALLING', true);
require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-includes/class-wp-application-passwords.php';

function must($value, $what) {
    if (is_wp_error($value) || $value === false || $value === null) {
        fwrite(STDERR, "setup.php: $what failed: " .
               (is_wp_error($value) ? $value->get_error_message() : 'no result') . "\n");
        exit(1);
    }
    return $value;
}

$install = wp_install('Café Sonnenschein', 'cafe', 'cafe@example.com', false, '',
                      wp_generate_password(24), 'de_DE');
$cafe_id = (int) must($install['user_id'] ?? null, 'wp_install');

// A timezone away from UTC, so a cursor compared in the wrong zone shows.
update_option('timezone_string', 'Europe/Berlin');
update_option('permalink_structure', '/%postname%/');
update_option('comment_moderation', 0);
update_option('comment_previously_approved', 0);
update_option('comment_registration', 0);
update_option('require_name_email', 1);
update_option('thread_comments', 1);
update_option('thread_comments_depth', 5);
update_option('default_comment_status', 'open');
flush_rewrite_rules(true);

$kundin_id = (int) must(wp_insert_user(array(
    'user_login'   => 'kundin',
    'user_pass'    => wp_generate_password(24),
    'user_email'   => 'kundin@example.com',
    'display_name' => 'Erika Mustermann',
    'role'         => 'subscriber',
)), 'creating kundin');

$cafe_password = must(WP_Application_Passwords::create_new_application_password(
    $cafe_id, array('name' => 'Resonanz')), 'the application password of cafe');
$kundin_password = must(WP_Application_Passwords::create_new_application_password(
    $kundin_id, array('name' => 'Tests')), 'the application password of kundin');

$open_post = (int) must(wp_insert_post(array(
    'post_title'     => 'Frische Brötchen ab 7 Uhr',
    'post_content'   => 'Ab Montag backen wir früher.',
    'post_status'    => 'publish',
    'post_author'    => $cafe_id,
    'comment_status' => 'open',
), true), 'the open post');
$moderated_post = (int) must(wp_insert_post(array(
    'post_title'     => 'Neue Öffnungszeiten & Feiertage',
    'post_content'   => 'Über Weihnachten haben wir geschlossen.',
    'post_status'    => 'publish',
    'post_author'    => $cafe_id,
    'comment_status' => 'open',
), true), 'the moderated post');
update_post_meta($moderated_post, '_rz_moderate', 1);

echo json_encode(array(
    'wordpress'       => get_bloginfo('version'),
    'php'             => PHP_VERSION,
    'mariadb'         => $GLOBALS['wpdb']->db_server_info(),
    'cafe_id'         => $cafe_id,
    'cafe_password'   => $cafe_password[0],
    'kundin_id'       => $kundin_id,
    'kundin_password' => $kundin_password[0],
    'open_post'       => $open_post,
    'moderated_post'  => $moderated_post,
)), "\n";
