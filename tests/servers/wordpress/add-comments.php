<?php
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Adds many comments at once, faster than the REST API, for the tests that
// need several pages:
//   php add-comments.php WP_DIR SITE_URL POST_ID COUNT PREFIX [SECONDS]
// The comments are by "kundin", approved, and read "PREFIX 1" … "PREFIX
// COUNT". They are spread evenly over the last SECONDS seconds (default 0:
// all written now, as in a very busy moment). Prints their ids as JSON.

if (PHP_SAPI !== 'cli' || ($argc !== 6 && $argc !== 7)) {
    fwrite(STDERR, "usage: php add-comments.php WP_DIR SITE_URL POST_ID COUNT PREFIX [SECONDS]\n");
    exit(2);
}
$spread = $argc === 7 ? (int) $argv[6] : 0;
$url = parse_url($argv[2]);
$_SERVER['HTTP_HOST'] = $url['host'] . (isset($url['port']) ? ':' . $url['port'] : '');
$_SERVER['REQUEST_URI'] = '/';
require $argv[1] . '/wp-load.php';

$user = get_user_by('login', 'kundin');
$count = (int) $argv[4];
$now = time();
$ids = array();
for ($i = 1; $i <= $count; $i++) {
    $time = $now - $spread + intdiv(($i - 1) * ($spread + 1), $count);
    $id = wp_insert_comment(array(
        'comment_post_ID'      => (int) $argv[3],
        'comment_content'      => $argv[5] . ' ' . $i,
        'comment_author'       => $user->display_name,
        'comment_author_email' => $user->user_email,
        'user_id'              => $user->ID,
        'comment_approved'     => 1,
        'comment_date'         => wp_date('Y-m-d H:i:s', $time),
        'comment_date_gmt'     => gmdate('Y-m-d H:i:s', $time),
    ));
    if (!$id) {
        fwrite(STDERR, "add-comments.php: inserting comment $i failed\n");
        exit(1);
    }
    $ids[] = $id;
}
echo json_encode($ids), "\n";
